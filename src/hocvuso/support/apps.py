from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "hocvuso.support"

    def ready(self) -> None:
        from hocvuso.people.household_page import add_section
        from hocvuso.support.help_form import connect_signals
        from hocvuso.support.queries import household_page

        add_section(household_page)
        connect_signals()
