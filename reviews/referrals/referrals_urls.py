"""The referrals pages (included in the `reviews` namespace)."""

from django.urls import URLPattern, path

from reviews.referrals import views

urlpatterns: list[URLPattern] = [
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals.csv", views.referral_list_csv, name="referral_list_csv"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/screen/", views.referral_screen, name="referral_screen"),
]
