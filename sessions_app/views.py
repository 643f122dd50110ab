from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from sessions_app.models import Session


class HomeView(TemplateView):
    template_name = "sessions_app/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        upcoming = list(Session.objects.with_region().upcoming()[:4])
        context["next_session"] = upcoming[0] if upcoming else None
        context["other_upcoming"] = upcoming[1:]
        context["past_sessions"] = Session.objects.with_region().past()[:12]
        return context


class SessionListView(ListView):
    template_name = "sessions_app/session_list.html"
    context_object_name = "sessions"
    paginate_by = 25

    def get_queryset(self):
        return Session.objects.with_region().order_by("-start_date")


class SessionDetailView(DetailView):
    template_name = "sessions_app/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return get_object_or_404(Session.objects.with_region(), number=self.kwargs["number"])
