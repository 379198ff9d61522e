import pytest

from conformance.cli import main


def test_unknown_subcommand_is_one_line_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error" in err


def test_unknown_spec_for_lint_is_exit_2(capsys):
    assert main(["lint", "no-such-spec"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such spec or file" in err


def test_lint_lists_rules(capsys):
    assert main(["lint", "--list-rules"]) == 0
    assert "LINT-ENUM-PROSE-MISMATCH" in capsys.readouterr().out
