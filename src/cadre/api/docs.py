"""The API's documentation page (Swagger UI, served from the vendored sidecar, so it works offline)."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    """The split view: the page's start-up script is a file of its own, since the Content-Security-Policy allows
    no inline script. The page names the schema it documents and starts loading it at once."""

    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)  # a page for people, not an endpoint of the API
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.data["schema_url"] = self._get_schema_url(request)
        return response
