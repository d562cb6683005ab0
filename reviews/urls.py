from django.urls import path

from reviews.actions import views as actions
from reviews.annual_report import views as annual_reports
from reviews.annual_report import views_content as annual_report_content
from reviews.casework import document_urls as documents_urls
from reviews.casework import views as reviews
from reviews.contributions import chronology_urls, request_urls
from reviews.external import external_urls
from reviews.impact import assurance_urls, impact_urls
from reviews.importer import views as imports
from reviews.incidents import partner_urls
from reviews.incidents import rapid_review_views as rapid_reviews
from reviews.incidents import views as incidents
from reviews.learning import changes_urls
from reviews.learning import urls as learning_urls
from reviews.meetings import meetings_urls, minutes_urls
from reviews.referrals import referrals_urls
from reviews.scrt import scrt_urls

app_name = "reviews"

urlpatterns = [
    path("import/", imports.import_view, name="import"),
    path("import/format/", imports.import_format, name="import_format"),
    path("import/example-records.json", imports.import_example, name="import_example"),
    path("annual-reports/", annual_reports.report_list, name="annual_report_list"),
    path("annual-reports/<int:year>/", annual_reports.report_detail, name="annual_report"),
    path("annual-reports/<int:year>/edit/", annual_reports.report_edit, name="annual_report_edit"),
    path(
        "annual-reports/<int:year>/generate/", annual_reports.report_generate, name="annual_report_generate"
    ),
    path("annual-reports/<int:year>/report/", annual_reports.report_html, name="annual_report_html"),
    path(
        "annual-reports/<int:year>/tables/<slug:table>.csv",
        annual_reports.report_table_csv,
        name="annual_report_table",
    ),
    path(
        "annual-reports/<int:year>/links/",
        annual_report_content.links,
        name="annual_report_links",
    ),
    path(
        "annual-reports/<int:year>/links/add/",
        annual_report_content.link_add,
        name="annual_report_link_add",
    ),
    path(
        "annual-reports/<int:year>/links/<int:pk>/edit/",
        annual_report_content.link_edit,
        name="annual_report_link_edit",
    ),
    path(
        "annual-reports/<int:year>/links/<int:pk>/delete/",
        annual_report_content.link_delete,
        name="annual_report_link_delete",
    ),
    path(
        "annual-reports/<int:year>/links/<int:pk>/move/",
        annual_report_content.link_move,
        name="annual_report_link_move",
    ),
    path(
        "annual-reports/<int:year>/appendix-b.csv",
        annual_report_content.links_csv,
        name="annual_report_links_csv",
    ),
    path(
        "annual-reports/<int:year>/glossary/",
        annual_report_content.glossary,
        name="annual_report_glossary",
    ),
    path(
        "annual-reports/<int:year>/glossary/add/",
        annual_report_content.term_add,
        name="annual_report_term_add",
    ),
    path(
        "annual-reports/<int:year>/glossary/fill/",
        annual_report_content.glossary_fill,
        name="annual_report_glossary_fill",
    ),
    path(
        "annual-reports/<int:year>/glossary/<int:pk>/edit/",
        annual_report_content.term_edit,
        name="annual_report_term_edit",
    ),
    path(
        "annual-reports/<int:year>/glossary/<int:pk>/delete/",
        annual_report_content.term_delete,
        name="annual_report_term_delete",
    ),
    path(
        "annual-reports/<int:year>/glossary.csv",
        annual_report_content.glossary_csv,
        name="annual_report_glossary_csv",
    ),
    path("annual-reports/renders/<int:pk>/", annual_reports.render_status, name="annual_report_render"),
    path(
        "annual-reports/renders/<int:pk>/retry/",
        annual_reports.render_retry,
        name="annual_report_render_retry",
    ),
    path(
        "annual-reports/renders/<int:pk>/download/",
        annual_reports.render_download,
        name="annual_report_download",
    ),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/reviewer/", reviews.review_reviewer, name="review_reviewer"),
    path("reviews/<int:pk>/status/<slug:to>/", reviews.review_transition, name="review_transition"),
    path("reviews/<int:pk>/pause/", reviews.review_pause, name="review_pause"),
    path("reviews/<int:pk>/processes/new/", reviews.process_add, name="process_add"),
    path("reviews/<int:pk>/processes/<int:process_pk>/end/", reviews.process_end, name="process_end"),
    path("reviews/<int:pk>/life-letter/", reviews.life_letter, name="life_letter"),
    path("reviews/<int:pk>/delay/", reviews.review_delay, name="review_delay"),
    path("reviews/<int:pk>/publication/", actions.review_publication, name="review_publication"),
    path(
        "reviews/<int:pk>/recommendations/new/", actions.recommendation_create, name="recommendation_create"
    ),
    path("recommendations/<int:pk>/actions/new/", actions.action_create, name="action_create"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/progress/", actions.action_progress, name="action_progress"),
    path("actions/<int:pk>/rate/", actions.action_rate, name="action_rate"),
    path("actions/<int:pk>/close/", actions.action_close, name="action_close"),
    path("children/new/", incidents.child_create, name="child_create"),
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/new/", incidents.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/edit/", incidents.incident_edit, name="incident_edit"),
    path(
        "incidents/<int:pk>/notifications/", incidents.incident_notifications, name="incident_notifications"
    ),
    path(
        "incidents/<int:pk>/national-notification/",
        incidents.national_notification,
        name="national_notification",
    ),
    path("incidents/<int:pk>/rapid-review/", rapid_reviews.rapid_review_detail, name="rapid_review"),
    path("incidents/<int:pk>/rapid-review/open/", rapid_reviews.rapid_review_open, name="rapid_review_open"),
    path("incidents/<int:pk>/rapid-review/edit/", rapid_reviews.rapid_review_edit, name="rapid_review_edit"),
    path(
        "incidents/<int:pk>/rapid-review/panel/", rapid_reviews.rapid_review_panel, name="rapid_review_panel"
    ),
    path(
        "incidents/<int:pk>/rapid-review/summaries/add/",
        rapid_reviews.agency_summary_add,
        name="agency_summary_add",
    ),
    path(
        "incidents/<int:pk>/rapid-review/safety-actions/add/",
        rapid_reviews.safety_action_add,
        name="safety_action_add",
    ),
    path(
        "incidents/<int:pk>/rapid-review/safety-actions/<int:action_pk>/done/",
        rapid_reviews.safety_action_done,
        name="safety_action_done",
    ),
    path(
        "incidents/<int:pk>/rapid-review/sign-off/",
        rapid_reviews.rapid_review_sign_off,
        name="rapid_review_sign_off",
    ),
    path(
        "incidents/<int:pk>/rapid-review/amend/", rapid_reviews.rapid_review_amend, name="rapid_review_amend"
    ),
    path(
        "incidents/<int:pk>/rapid-review/review/",
        rapid_reviews.review_from_outcome,
        name="review_from_outcome",
    ),
]
urlpatterns += documents_urls.urlpatterns + learning_urls.urlpatterns
urlpatterns += request_urls.urlpatterns + chronology_urls.urlpatterns + partner_urls.urlpatterns
urlpatterns += referrals_urls.urlpatterns + meetings_urls.urlpatterns + minutes_urls.urlpatterns
urlpatterns += impact_urls.urlpatterns + changes_urls.urlpatterns + scrt_urls.urlpatterns
urlpatterns += external_urls.urlpatterns
urlpatterns += assurance_urls.urlpatterns
