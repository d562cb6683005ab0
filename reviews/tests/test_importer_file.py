"""The import file is read before anything is imported: a file nested thousands of levels deep
used to end the command with a RecursionError; it is refused in plain English, like a file that
is not UTF-8 or not JSON, and nothing is written (issue 12, item 5c)."""

import pytest
from django.core.management import CommandError, call_command

from reviews.tests.importer_sample import row_counts

TOO_DEEP = (
    "nested too deeply to be a crag-records/1 document "
    "(lists and objects more than 32 levels inside each other); nothing was imported"
)


def nested_list(depth: int) -> str:
    return '{"format": "crag-records/1", "agencies": ' + "[" * depth + "]" * depth + "}"


def nested_in_a_record(depth: int) -> str:
    value = '{"a": ' * depth + "1" + "}" * depth
    return '{"format": "crag-records/1", "children": [{"ref": "CH-A", "ethnicity": ' + value + "}]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "document",
    [
        pytest.param(nested_list(100_000), id="past-the-recursion-limit"),
        pytest.param(nested_in_a_record(100_000), id="past-the-recursion-limit-in-a-record"),
        pytest.param(nested_list(500), id="within-the-recursion-limit"),
        pytest.param(nested_in_a_record(30), id="one-level-too-deep-in-a-record"),
    ],
)
def test_command_refuses_a_deeply_nested_file_in_plain_english_and_writes_nothing(tmp_path, document):
    path = tmp_path / "nested.json"
    path.write_text(document, encoding="utf-8")
    before = row_counts()

    with pytest.raises(CommandError) as caught:
        call_command("import_records", str(path))

    assert str(caught.value) == f"{path}: {TOO_DEEP}"
    assert row_counts() == before


@pytest.mark.django_db
def test_command_reads_nesting_as_deep_as_the_format_and_reports_the_field(tmp_path):
    path = tmp_path / "records.json"
    path.write_text(nested_in_a_record(29), encoding="utf-8")  # 32 levels in all

    with pytest.raises(CommandError) as caught:
        call_command("import_records", str(path))

    assert "children[ref=CH-A].ethnicity: dict is not a string" in str(caught.value)
    assert "nested too deeply" not in str(caught.value)
