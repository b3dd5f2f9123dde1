"""How form widgets are rendered: Django's Jinja2 form renderer with the widget templates
Django ships for it, and Django's own template engine for widgets that exist only there
(the admin's). A <select> renders one template per option: with Jinja2 a 查询 page calls
about a sixth fewer functions."""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self):
        self.fast, self.fallback = Jinja2(), DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.fast.get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
