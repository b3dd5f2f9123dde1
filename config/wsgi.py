import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Pay the first PDF's costs (fonts, stylesheets, signing key) at start, not on a request.
from documents import rendering, signing  # noqa: E402 - needs the app loaded above

rendering.warm_up()
signing.material()

# The pinyin dictionaries and fonts add ~200,000 long-lived objects; moving what is loaded so
# far out of the collector's view avoids full-collection pauses of ~100 ms on requests.
gc.freeze()
