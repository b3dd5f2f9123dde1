"""Page rendering shared by the apps: the workspace shell and its menu (shell, menu), page and
fragment rendering (rendering, views), template context (context_processors) and the form
renderer on Jinja2 (form_renderer, jinja)."""
