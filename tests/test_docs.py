"""The README documents every command, so it cannot fall behind the CLI."""

from sitreps.cli import app

from .conftest import HERE


def test_every_command_is_in_the_readme():
    readme = (HERE.parent / "README.md").read_text()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    missing = [n for n in names if f"sitreps {n}" not in readme]
    assert not missing, f"README lacks: {missing}"
    assert "make demo" in readme and "make test" in readme
