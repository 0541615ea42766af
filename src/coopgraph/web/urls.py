"""URLs of the workspace."""

from django.contrib.auth import views as auth_views
from django.urls import path

from coopgraph.web import intake_views, planner_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("lang/", views.set_lang, name="set_lang"),
    path("cite/<str:cite_id>/", views.cite_page, name="cite"),
    path("cite/<str:cite_id>/ties.csv", views.cite_ties_csv, name="cite_ties_csv"),
    path(
        "download/cites.graphml",
        views.territory_graph,
        {"fmt": "graphml"},
        name="territory_graphml",
    ),
    path("download/cites.gexf", views.territory_graph, {"fmt": "gexf"}, name="territory_gexf"),
    path("download/note.<str:fmt>", views.territory_note, name="territory_note"),
    path("map/", views.map_page, name="map"),
    path("map/frame/", views.map_frame, name="map_frame"),
    path("queries/", views.query_list, name="queries"),
    path("queries/<str:name>/", views.query_page, name="query"),
    path("audit/", views.audit_log, name="audit"),
    path("reload/", views.reload_data, name="reload"),
    path("planner/", planner_views.planner, name="planner"),
    path("planner/map/", planner_views.planner_map, name="planner_map"),
    path("intake/", intake_views.upload, name="intake"),
    path("intake/review/", intake_views.review, name="intake_review"),
    path("static/web.css", views.stylesheet, name="stylesheet"),
]
