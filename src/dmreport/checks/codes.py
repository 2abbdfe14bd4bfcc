"""The codes of the page checks, one documented member per problem.

A member's value is its code (``DMR009``), which the build uses as the
warning subtype; ``summary`` says what is wrong and ``fix`` what to do.
Members are strings, so they sort, and compare equal to, their codes.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """Every problem a report page can have."""

    _value_: str
    summary: str
    fix: str

    NOT_UTF8 = "DMR001", "The file is not UTF-8.", "Save it as UTF-8."
    FRONT_MATTER_YAML = (
        "DMR002",
        "The front matter is not a valid YAML mapping.",
        "Write it as `key: value` lines, quoting values that hold a colon.",
    )
    FRONT_MATTER_SCHEMA = (
        "DMR003",
        "The front matter is missing, lacks a key, has an unknown key or a bad value.",
        "Give a month page month, title and status; a WBS page wbs and title.",
    )
    MONTH_MISMATCH = (
        "DMR004",
        "A month page's front matter names another month than its folder.",
        "Make `month:` agree with reports/YYYY-MM/.",
    )
    UNKNOWN_WBS = (
        "DMR005",
        "A WBS page's code is not in wbs/elements.yaml.",
        "Correct `wbs:` or add the element to wbs/elements.yaml.",
    )
    UNKNOWN_SUB_ELEMENT = (
        "DMR006",
        "A heading names a sub-element that is not in wbs/elements.yaml.",
        "Correct the heading or add the sub-element to wbs/elements.yaml.",
    )
    MISSING_SECTION = (
        "DMR007",
        "A WBS page lacks one of its standard sections.",
        "Add the section; it may stay empty.",
    )
    SECTION_ORDER = (
        "DMR008",
        "A standard section of a WBS page is out of order.",
        "Order them: accomplishments, planned activities, staffing.",
    )
    PLAIN_TICKET = (
        "DMR009",
        "A Jira ticket is written as plain text.",
        "Cite it with its role: {jira}`DM-12345`.",
    )
    PLAIN_DOCUMENT = (
        "DMR010",
        "A document handle is written as plain text.",
        "Cite it with its series' role: {ldm}`503`.",
    )
    EMPTY_LINK = (
        "DMR011",
        "A link has no target (empty or `#`).",
        "Give its URL or remove the link.",
    )
    UNKNOWN_ROLE = (
        "DMR012",
        "A role is not one the reports use.",
        "Use a report role: jira, jirab, milestone, a document series, cite:alp, ...",
    )
    UNKNOWN_DIRECTIVE = (
        "DMR013",
        "A directive is not one the reports use.",
        "Use an allowed directive (note, figure, milestone, ...) or plain Markdown.",
    )
    MILESTONE_RECORD = (
        "DMR014",
        "A milestone directive has a bad id, option, status, date or WBS code.",
        "Correct the record; the message names the field.",
    )
    RAW_HTML = (
        "DMR015",
        "The page holds raw HTML.",
        "Write Markdown instead.",
    )
    SCRIPT = (
        "DMR016",
        "The page holds a <script>.",
        "Remove it; reports carry no scripts.",
    )
    IFRAME = (
        "DMR017",
        "The page embeds an <iframe>.",
        "Remove it and link to the page instead.",
    )
    RAW_DIRECTIVE = (
        "DMR018",
        "The page uses the raw directive.",
        "Write Markdown instead.",
    )
    INCLUDE_OUTSIDE = (
        "DMR019",
        "The page includes another file, or a directive reads one (a table's :file:).",
        "Write the text in the page; report pages cannot read other files.",
    )
    TODO_LEFT = (
        "DMR020",
        "To-do text is left in a published month.",
        "Report against it, then delete the % lines.",
    )
    WRONG_FILE_NAME = (
        "DMR021",
        "A WBS page's file name is not its element's slug.",
        "Rename the file to the slug in wbs/elements.yaml.",
    )
    PLAIN_MILESTONE = (
        "DMR022",
        "A milestone code is written as plain text.",
        "Cite it with its role: {milestone}`LDM-503-11a`.",
    )
    UNSAFE_LINK = (
        "DMR023",
        "A link uses a scheme other than http, https or mailto (javascript:, data:, file:).",
        "Link to an http(s) address or to a page of the site.",
    )
    EVENT_HANDLER = (
        "DMR024",
        "HTML carries an event-handler attribute (onclick, onload, ...).",
        "Remove it; reports carry no scripts.",
    )
    FOREIGN_IMAGE = (
        "DMR025",
        "An image loads from another host (or is a data: URI).",
        "Save the image in the repository beside the page and give its relative path.",
    )
    FILE_OUTSIDE = (
        "DMR026",
        "An image or a link points to a file outside the repository.",
        "Put the file in the repository beside the page, or link to it by its URL.",
    )
    ROLE_NAMES_SERIES = (
        "DMR027",
        "A document role's argument repeats its series or names another ({ldm}`LDM-503`).",
        "Give the number only, in the role of its series: {ldm}`503`.",
    )
    BAD_TICKET = (
        "DMR028",
        "A Jira role's argument is not a ticket key of a project the reports cite.",
        "Write each key as PROJECT-NUMBER: {jira}`DM-23402`, {jirab}`DM-1, DM-2`.",
    )
    DOCUMENT_NUMBER = (
        "DMR029",
        "A document role's argument is not a number ({dmtn}`abc`).",
        "Give the document's number: {dmtn}`137`.",
    )
    UNKNOWN_MILESTONE = (
        "DMR030",
        "A milestone role names no milestone a month's records define, or no milestone id.",
        "Correct the id, or add the milestone's record to the month's Milestone Summary.",
    )
    UNKNOWN_CITATION = (
        "DMR031",
        "A citation key is not in data/citations.bib.",
        "Correct the key, or add the work to data/citations.bib.",
    )
    MISSING_TARGET = (
        "DMR032",
        "A link or {doc} role names a page, file or heading that does not exist.",
        "Link to an existing page (../2020-01/alert-production.md) or heading (#anchor).",
    )
    FOOTNOTE = (
        "DMR033",
        "A footnote is referenced but not defined, or defined but not referenced.",
        "Give every [^n] one `[^n]: text` line, and reference every footnote you define.",
    )
    NO_BIBLIOGRAPHY = (
        "DMR034",
        "The page cites works but has no bibliography, so its citations link nowhere.",
        "End the page with a '## References' section holding a {bibliography} directive.",
    )

    NOT_A_PAGE = (
        "DMR035",
        "A file under reports/ is neither a page of a month nor a picture the site allows.",
        "Pages are reports/YYYY-MM/<slug>.md listed in the month's index; pictures are PNG, "
        "JPEG, GIF or WebP beside them. Move, convert or remove the file.",
    )
    SYMLINK = (
        "DMR036",
        "A file or folder under reports/ is a symbolic link.",
        "Replace the link with the file itself.",
    )
    MATH = (
        "DMR037",
        "The page uses math ({math} or $...$), which reports do not render.",
        "Write the formula as text, or as a PNG picture beside the page.",
    )
    TOO_COMPLEX = (
        "DMR038",
        "The page nests too deeply or is too large to be parsed safely.",
        "Split long runs of *, _, >, [ or list markers, and keep a page under 1 MB.",
    )

    UNCLOSED = (
        "DMR039",
        "A code block or directive is never closed: it takes in the rest of the page.",
        "Close it with a line of the backticks (```) or colons (:::) that opened it.",
    )

    HEADING_STRUCTURE = (
        "DMR040",
        "A heading breaks the page's outline: a second page title, a sub-element heading at "
        "the wrong level, written oddly, of another element, or twice in one section.",
        "One # title; sections at ##; each sub-element of this page's element once per "
        "section, as ### 02C.03.04 – Title.",
    )

    UNSHOWN = (
        "DMR041",
        "Text of the page would not be shown: a line or words the Markdown makes nothing of.",
        "Write it as text, or fix the markup around it (a link definition, an open `span).",
    )

    TEXT_CHANGED = (
        "DMR042",
        "The published text of an issued month changed after its issue without a revision.",
        "Add a revision (version, date, note) to the month's index.md `revisions:`.",
    )

    def __new__(cls, code: str, summary: str, fix: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.summary = summary
        member.fix = fix
        return member
