from django.urls import path

from gongkai.mailbox.views import staff

urlpatterns = [
    path("", staff.queue, name="queue"),
    path("oversight/", staff.oversight, name="oversight"),
    path("<int:pk>/", staff.letter_view, name="letter"),
    path("<int:pk>/act/<slug:name>/", staff.letter_action, name="act"),
    path("attachments/<int:pk>/", staff.attachment, name="attachment"),
]
