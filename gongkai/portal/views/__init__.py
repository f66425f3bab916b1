"""Public portal views (read-only; every read goes through `gongkai.portal.selectors`)."""

from gongkai.portal.views.catalog import browse, column, guide, home, organ_detail, organ_list
from gongkai.portal.views.items import attachment_download, item_detail, item_print
from gongkai.portal.views.reading import set_large, set_script

__all__ = [
    "attachment_download",
    "browse",
    "column",
    "guide",
    "home",
    "item_detail",
    "item_print",
    "organ_detail",
    "organ_list",
    "set_large",
    "set_script",
]
