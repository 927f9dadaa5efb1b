"""Printed learning documents: certificates and households' QR cards, as PDF from the same
HTML templates (WeasyPrint), each QR code drawn as SVG (segno)."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from hocvuso.learning.models import Certificate, LearningAddress


def qr_svg(url: str) -> str:
    """A QR code for `url` as a data URI, readable by any phone camera."""
    import segno  # only printed documents draw QR codes

    return segno.make(url, error="m").svg_data_uri(scale=6, border=2)


def pdf_response(request: HttpRequest, template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML  # 40 MB: loaded by the processes that draw a PDF, only

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def certificate_response(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    url = request.build_absolute_uri(reverse("verify", args=[certificate.code]))
    context = {"certificate": certificate, "url": url, "qr": qr_svg(url)}
    return pdf_response(
        request, "learning/pdf/certificate.html", context, f"chung-nhan-{certificate.code}.pdf"
    )


CARDS_PER_PAGE = 4


def cards_response(
    request: HttpRequest, addresses: list[LearningAddress], filename: str
) -> HttpResponse:
    """One card per household, four to an A4 page, to cut and hand out."""
    cards = []
    for address in addresses:
        url = request.build_absolute_uri(reverse("learning:household", args=[address.code]))
        cards.append({"address": address, "url": url, "qr": qr_svg(url)})
    # A sheet of its own for each page: one long flow of cards made the layout grow with the
    # square of their number (301 cards, three minutes).
    sheets = [
        cards[start : start + CARDS_PER_PAGE] for start in range(0, len(cards), CARDS_PER_PAGE)
    ]
    return pdf_response(request, "learning/pdf/cards.html", {"sheets": sheets}, filename)
