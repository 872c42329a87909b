from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class CountPaginator(Paginator):
    """Counts the filtered rows alone: no ordering, no joins pulled in for display, so a page of a national
    registry costs one indexed COUNT and one page query however the list is filtered."""

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk").count()


class RegistryPagination(PageNumberPagination):
    django_paginator_class = CountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
