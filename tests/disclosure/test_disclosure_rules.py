"""The three primary rules and the secondary suppression that keeps them under arithmetic."""

from __future__ import annotations

from calibration.disclosure import Group, Policy, protect
from calibration.model import Cycle


def _policy(**kwargs: object) -> Policy:
    return Policy(full=False, **kwargs)  # type: ignore[arg-type]


def test_the_threshold_counts_only_people_the_reader_cannot_see() -> None:
    members = [("a", "meets"), ("b", "exceeds"), ("c", "meets"), ("d", "exceeds")]
    assert _policy(k=4).may_publish(members)
    # A manager who sees a and b knows their ratings: only two people are left hidden.
    assert not _policy(k=4, visible=frozenset({"a", "b"})).may_publish(members)
    # A group the reader sees in full says nothing new.
    assert _policy(k=4, visible=frozenset("abcd")).may_publish(members)


def test_a_group_whose_hidden_people_share_one_rating_is_not_published() -> None:
    same = [(h, "meets") for h in "abcdef"]
    assert not _policy(k=4).may_publish(same)
    assert _policy(k=4, min_distinct=1).may_publish(same)
    # Diversity among the hidden people: the seen one's different rating does not count.
    mixed = [*same, ("g", "exceeds"), ("h", "exceeds")]
    assert _policy(k=4).may_publish(mixed)
    assert not _policy(k=4, visible=frozenset("gh")).may_publish(mixed)


def test_the_dominance_limit_is_optional() -> None:
    eight_to_two = [(str(i), "meets") for i in range(8)] + [("x", "exceeds"), ("y", "exceeds")]
    assert _policy(k=4).may_publish(eight_to_two)
    assert not _policy(k=4, max_share=70).may_publish(eight_to_two)
    assert _policy(k=4, max_share=80).may_publish(eight_to_two)


def test_the_room_sees_everything() -> None:
    assert Policy(full=True).may_publish([("a", "meets")])


def test_outside_the_room_only_final_ratings_of_closed_cycles_are_aggregated() -> None:
    closed = Cycle("c", "C", None, None, "closed", "cycles/c/cycle.yaml")
    open_ = Cycle("o", "O", None, None, "calibration", "cycles/o/cycle.yaml")
    assert _policy().kinds(closed, True) == ("final",)
    assert _policy().kinds(closed, False) == ()
    assert _policy().kinds(open_, True) == ()
    assert _policy(open_cycles=True).kinds(open_, False) == ("proposed",)
    assert Policy(full=True).kinds(closed, True) == ("proposed", "final")


def _group(key: str, ratings: str, prefix: str = "") -> Group:
    handles = tuple(f"{prefix or key}{i}" for i in range(len(ratings)))
    names = {"m": "meets", "e": "exceeds", "b": "below"}
    return Group(key, key.upper(), handles, tuple(names[r] for r in ratings))


def _split(groups: list[Group], policy: Policy):  # type: ignore[no-untyped-def]
    return protect(
        groups,
        lambda gs: policy.may_publish([m for g in gs for m in g.members]),
        lambda g: policy.hidden(g.handles),
    )


def test_one_failing_group_never_stands_alone_in_the_pool() -> None:
    # "c" fails on its own; pooled alone it would be the parent minus the shown rows.
    groups = [_group("a", "mmee"), _group("b", "mmmmee"), _group("c", "m")]
    split = _split(groups, _policy(k=4))
    assert [g.key for g in split.small] == ["c"]
    assert [g.key for g in split.merged] == ["a"]  # the group that protects least joins
    assert [g.key for g in split.shown] == ["b"]


def test_a_homogeneous_group_is_pooled_even_when_large() -> None:
    groups = [_group("a", "mmmmmm"), _group("b", "mmee"), _group("c", "mmeebb")]
    split = _split(groups, _policy(k=4))
    assert [g.key for g in split.small] == ["a"]
    pooled = [m for g in split.pooled for m in g.members]
    assert _policy(k=4).may_publish(pooled)


def test_groups_the_reader_sees_in_full_stay_shown_and_never_pad_the_pool() -> None:
    mine = _group("mine", "m")
    policy = _policy(k=4, visible=frozenset(mine.handles))
    split = _split([mine, _group("x", "me"), _group("y", "mmee"), _group("z", "mmee")], policy)
    assert mine in split.shown
    assert all(policy.hidden(g.handles) > 0 for g in split.merged)


def test_a_reader_alone_with_their_rating_learns_nothing_about_the_others() -> None:
    # The one Exceeds knows their own rating: the rest would all be Meets.
    nine_to_one = [(str(i), "meets") for i in range(9)] + [("x", "exceeds")]
    assert not _policy(k=4).may_publish(nine_to_one)
    assert _policy(k=4, insiders=False).may_publish(nine_to_one)
    # With a third rating, taking any one person out still leaves two.
    assert _policy(k=4).may_publish([*nine_to_one, ("y", "below")])
    # Two of each: nobody's own rating settles the others.
    assert _policy(k=4).may_publish([("a", "m"), ("b", "m"), ("c", "e"), ("d", "e")])
