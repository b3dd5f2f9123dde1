"""Library code the apps share; it imports no app."""
