"""What the assistant finds and answers with: a guide."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Guide:
    key: str  # "course/lesson", "faq:<id>", "offtopic:<n>" or "ward:<ward id>:<topic>"
    title: str
    url: str
    steps_html: str  # the lesson's numbered steps; a ward guide's answer with its links
    text: str  # what is indexed
    anchor: str  # its title and the ways people ask for it
    answer: str = ""  # a question-and-answer entry's answer; a ward guide's, as plain text

    @property
    def is_faq(self) -> bool:
        return self.key.startswith("faq:")

    @property
    def is_offtopic(self) -> bool:
        """A topic no guide covers; `answer` says where to ask instead."""
        return self.key.startswith("offtopic:")

    @property
    def is_ward(self) -> bool:
        """Built from the ward's live data: its points, classes, news, forms and contact."""
        return self.key.startswith("ward:")
