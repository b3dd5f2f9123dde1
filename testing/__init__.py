"""Test support shared by every app's tests and the browser journeys: factories that build
applications in each status through the services, the task runner, and HTML helpers."""
