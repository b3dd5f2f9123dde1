"""Widgets render with Jinja2 where Django ships a Jinja2 template, else with Django's engine."""

from django import forms
from django.forms.renderers import get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as JinjaTemplate


def test_django_widgets_use_jinja2_and_the_admins_fall_back():
    renderer = get_default_renderer()
    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), JinjaTemplate)
    admin = renderer.get_template("admin/widgets/related_widget_wrapper.html")
    assert isinstance(admin, DjangoTemplate)


def test_a_select_renders_the_same_options():
    field = forms.ChoiceField(choices=[("a", "甲 <b>"), ("b", "乙")])
    html = field.widget.render("x", "b")
    assert '<option value="a">甲 &lt;b&gt;</option>' in html
    assert '<option value="b" selected>乙</option>' in html
