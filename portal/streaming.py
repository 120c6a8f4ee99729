"""CSV that streams: rows become text one at a time, so memory stays flat."""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse


class _Echo:
    """A file that hands back what is written, for csv.writer."""

    def write(self, value):
        return value


def csv_stream(rows: Iterable) -> Iterator[str]:
    """CSV text with a byte-order mark, so that Excel reads the Ukrainian right."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def csv_download(rows: Iterable, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
