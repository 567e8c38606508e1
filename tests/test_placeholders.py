"""Tomcat's ${} substitution, version by version (tomcat-inputs.md §1)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from igmigrate.tomcat.placeholders import PropertyContext, PropertyValue, resolve
from igmigrate.tomcat.version import TomcatVersion


def ctx(version: str, env_on: bool = False, **props: str) -> PropertyContext:
    c = PropertyContext(TomcatVersion.parse(version))
    c.system = {k.replace("__", "."): PropertyValue(v, "test") for k, v in props.items()}
    c.env_source_enabled = env_on
    return c


def test_defined_property_is_substituted() -> None:
    r = resolve("port ${http__port}!".replace("__", "."), ctx("9.0.85", http__port="8080"))
    assert r.value == "port 8080!"
    assert r.used == ("http.port",)


def test_undefined_property_is_left_verbatim_and_named() -> None:
    r = resolve("${missing}", ctx("9.0.85"))
    assert r.value == "${missing}"
    assert r.unresolved == ("missing",)


def test_colon_dash_default_applies_from_9_0_35() -> None:
    assert resolve("${p:-8080}", ctx("9.0.35")).value == "8080"


def test_colon_dash_default_is_literal_before_9_0_34() -> None:
    r = resolve("${p:-8080}", ctx("9.0.33"))
    assert r.value == "${p:-8080}"
    assert r.unresolved == ("p:-8080",)


def test_9_0_34_shipped_the_colon_separator() -> None:
    assert resolve("${p:8080}", ctx("9.0.34")).value == "8080"
    assert resolve("${p:8080}", ctx("9.0.35")).value == "${p:8080}"


def test_tomcat_7_defaults_start_at_7_0_104() -> None:
    assert resolve("${p:-1}", ctx("7.0.103")).value == "${p:-1}"
    assert resolve("${p:-1}", ctx("7.0.104")).value == "1"


def test_empty_default_is_allowed() -> None:
    assert resolve("a${x:-}b", ctx("10.1.31")).value == "ab"


def test_property_literally_named_with_default_wins() -> None:
    c = ctx("9.0.85", p="2")
    c.system["p:-1"] = PropertyValue("3", "test")
    assert resolve("${p:-1}", c).value == "3"


def test_no_nesting_name_runs_to_first_brace() -> None:
    r = resolve("${a${b}}", ctx("9.0.85"))
    assert r.value == "${a${b}}"
    assert r.unresolved == ("a${b",)


def test_unterminated_placeholder_is_copied() -> None:
    assert resolve("x${abc", ctx("9.0.85")).value == "x${abc"


def test_dollar_without_brace_is_literal() -> None:
    assert resolve("$[ca.port] $x $", ctx("9.0.85")).value == "$[ca.port] $x $"


def test_single_pass_before_10_1_keeps_nested_reference() -> None:
    c = ctx("9.0.85", a="${b}", b="x")
    assert resolve("${a}", c).value == "${b}"


def test_recursive_substitution_from_10_0_0_m8() -> None:
    c = ctx("10.1.31", a="${b}", b="x")
    assert resolve("${a}", c).value == "x"


def test_default_of_default_works_by_accident_only_on_10_1() -> None:
    assert resolve("${a:-${b}}", ctx("10.1.31", b="z")).value == "z"
    assert resolve("${a:-${b}}", ctx("9.0.85", b="z")).value == "${b}"


def test_environment_wins_over_system_property_when_env_source_enabled() -> None:
    c = ctx("9.0.85", env_on=True, PORT="1")
    c.env = {"PORT": PropertyValue("2", "--env")}
    assert resolve("${PORT}", c).value == "2"
    c.env_source_enabled = False
    assert resolve("${PORT}", c).value == "1"


@given(st.text(alphabet=st.characters(blacklist_characters="$"), max_size=40))
def test_text_without_dollar_is_unchanged(text: str) -> None:
    assert resolve(text, ctx("10.1.31")).value == text


def test_expansion_bomb_stops_at_the_size_limit_and_names_the_property() -> None:
    r = resolve("${p}", ctx("10.1.18", p="${p}${p}${p}"))
    assert r.runaway == ("p",)
    assert r.value == "${p}"  # nothing half-expanded is used
    assert r.unresolved == ()


def test_cyclic_definition_stops_after_twenty_passes_as_tomcat() -> None:
    r = resolve("x${a}", ctx("10.1.18", a="${b}", b="${a}"))
    assert r.runaway == ("a", "b") or r.runaway == ("b", "a")
    # Tomcat 10.1 gives up after 20 passes and keeps what it has (IntrospectionUtils)
    assert r.value in ("x${a}", "x${b}")


def test_growing_but_finite_expansion_is_not_a_runaway() -> None:
    r = resolve("${a}", ctx("10.1.18", a="${b}${b}", b="${c}${c}", c="xyz"))
    assert r.value == "xyz" * 4
    assert r.runaway == ()


def test_single_pass_before_10_1_never_expands_a_bomb() -> None:
    r = resolve("${p}", ctx("9.0.85", p="${p}${p}${p}"))
    assert r.value == "${p}${p}${p}"
    assert r.runaway == ()
