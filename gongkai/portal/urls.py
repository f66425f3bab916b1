from django.contrib.sitemaps.views import sitemap
from django.urls import path

from gongkai.portal import feeds, views
from gongkai.portal.sitemaps import SITEMAPS
from gongkai.portal.views import library, site
from gongkai.portal.views import search as search_views

urlpatterns = [
    path("", views.home, name="home"),
    path("organs/", views.organ_list, name="organs"),
    path("organ/<int:pk>/", views.organ_detail, name="organ"),
    path("organ/<int:pk>/guide/", views.guide, name="guide"),
    path("organ/<int:pk>/rss/", feeds.OrganFeed(), name="organ_rss"),
    path("organ/<int:pk>/atom/", feeds.OrganAtomFeed(), name="organ_atom"),
    path("column/<int:pk>/", views.column, name="column"),
    path("column/<int:pk>/rss/", feeds.ColumnFeed(), name="column_rss"),
    path("column/<int:pk>/atom/", feeds.ColumnAtomFeed(), name="column_atom"),
    path("browse/", views.browse, name="browse"),
    path("policies/", library.policies, name="policies"),
    path("rss/", feeds.SiteFeed(), name="site_rss"),
    path("atom/", feeds.SiteAtomFeed(), name="site_atom"),
    path("search/", search_views.search, name="search"),
    path("search.json", search_views.search_json, name="search_json"),
    path("search/suggest/", search_views.search_suggest, name="search_suggest"),
    path("item/<int:pk>/", views.item_detail, name="item"),
    path("item/<int:pk>/print/", views.item_print, name="item_print"),
    path("attachment/<int:pk>/", views.attachment_download, name="attachment"),
    path("prefs/script/", views.set_script, name="set_script"),
    path("prefs/large/", views.set_large, name="set_large"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sitemap/", site.sitemap_page, name="sitemap_page"),
    path("robots.txt", site.robots_txt, name="robots"),
    path("favicon.ico", site.favicon, name="favicon"),
]
