from tests.lint.conftest import api, obj, operation

RULE = "LINT-DESCRIPTION-TYPE-MISMATCH"
HOUR = {"type": "integer", "description": "Start hour (0-23)."}


def test_fires_when_operation_prose_demands_a_timezone_for_an_integer(lint):
    tree = api({"/a": {"post": operation(
        obj(start_time={"type": "string", "format": "date-time"}, start_hour_of_day=HOUR),
        description="Filters.\n- Time fields (`start_time`, `start_hour_of_day`) must include timezone (`+08:00`).")}})
    findings = lint(tree, RULE)
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings] == ["start_hour_of_day"]


def test_fires_on_own_prose_the_type_cannot_carry(lint):
    tree = api({"/a": {"get": operation(response=obj(
        at={"type": "integer", "description": "Time in RFC 3339 format."},
        ids={"type": "string", "description": "Array of extension ids."}))}})
    assert sorted(f.pointer.rsplit("/", 1)[-1] for f in lint(tree, RULE)) == ["at", "ids"]


def test_quiet_when_prose_and_types_agree(lint):
    tree = api({"/a": {"post": operation(
        obj(start_time={"type": "string", "format": "date-time", "description": "RFC 3339 with timezone."},
            start_hour_of_day=HOUR,
            ids={"type": "string", "description": "List of ids, separated by commas."}),
        description="- `start_time` must include a timezone.")}})
    assert lint(tree, RULE) == []


def test_quiet_when_prose_only_mentions_a_timezone(lint):
    tree = api({"/a": {"get": operation(response=obj(
        hour={"type": "integer", "description": "Hour of the day in the window's timezone."}))}})
    assert lint(tree, RULE) == []
