"""The engine's memos: bounded, and saying what they keep."""

from __future__ import annotations

from govreport.engine.memo import BoundedMemo, FunctionMemo


def test_a_function_memo_works_each_key_out_once_and_keeps_none_too() -> None:
    calls: list[str] = []

    def length_or_none(text: str) -> int | None:
        calls.append(text)
        return len(text) or None

    memo: FunctionMemo[str, int | None] = FunctionMemo("the length of each text", 10, length_or_none)
    assert memo["abc"] == 3 and memo["abc"] == 3
    assert memo[""] is None and memo[""] is None  # a None answer is kept like any other
    assert calls == ["abc", ""]
    assert "the length of each text" in repr(memo) and "2/10" in repr(memo)


def test_a_function_memo_forgets_everything_when_full() -> None:
    memo: FunctionMemo[int, int] = FunctionMemo("squares", 3, lambda n: n * n)
    for n in range(3):
        assert memo[n] == n * n
    assert len(memo) == 3
    assert memo[10] == 100  # past the limit: the memo starts again
    assert len(memo) == 1 and 0 not in memo
    for n in range(1000):
        memo[n]
    assert len(memo) <= 3


def test_a_bounded_memo_forgets_everything_when_full() -> None:
    memo: BoundedMemo[int, int] = BoundedMemo("doubles", 2)
    assert memo.learn(1, lambda n: 2 * n) == 2 and memo.get(1) == 2
    memo.keep(2, 4)
    memo.keep(3, 6)  # full: cleared first
    assert len(memo) == 1 and memo.get(1) is None and memo.get(3) == 6


def test_the_shared_spans_are_one_object_per_place_and_bounded() -> None:
    from govreport.model import SPANS, Span, span_at

    assert span_at(7, 3) is span_at(7, 3) is SPANS[7, 3]
    assert span_at(7, 3) == Span(7, 3) and span_at(9) == Span(9, 1)
    assert SPANS.limit >= 10_000  # a report's positions fit many times over, millions never
