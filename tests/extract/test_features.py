"""Tests for the evidence each definition candidate carries."""

from __future__ import annotations

from flashnotes.extract.features import _bucket, body_features, buckets, definition_features, norm, term_features


def test_label_shapes_are_features() -> None:
    """Digits at a term's edge and a pronoun opener are visible to the scorer."""
    assert "t:digit_edge" in term_features("参考1", "")
    assert "p:first_r" in term_features("这种方法", "")
    assert "p:clean" in term_features("梯度消失", "")


def test_body_and_source_features() -> None:
    """``一种…`` and ``a kind of`` mark a genus; the pattern and first sentence are recorded."""
    assert "b:kind_of" in body_features("一种累积历史梯度的方法")
    assert "b:kind_of" in body_features("a kind of recurrent network")
    features = definition_features("zh_zhi", "准确率", "", "分类正确的样本占总样本个数的比率", sentence=0)
    assert {"src:zh_zhi", "w:first_sentence", "x:clean_defining"} <= set(features)


def test_terms_compare_without_case_width_or_space() -> None:
    """Full-width, upper-case and spaced forms of a term are the same term."""
    assert norm("Ｂａｔｃｈ Norm") == norm("batchnorm")


def test_a_gloss_lifts_the_everyday_word_penalty() -> None:
    """``动作`` alone looks like a label; ``动作(action)`` is marked by its author as a term."""
    assert "p:one_common_word" in term_features("动作", "")
    assert "p:one_common_word" not in term_features("动作", "action")
    assert "t:alias" in term_features("动作", "action")


def test_a_head_noun_after_de_is_the_genus() -> None:
    """``…加速收敛的优化方法`` names what the term is; an evaluation or ``一个特例`` names no genus."""
    assert "b:genus" in body_features("一种利用历史梯度加速收敛的优化方法。")
    assert "b:genus" in body_features("分类正确的样本占全部样本的比率，越高越好")
    assert "b:genus" not in body_features("非常重要的。")
    assert "b:genus" not in body_features("一个特例，接下来推导公式。")


def test_a_clause_that_is_a_predicate_or_an_adverbial_names_no_genus() -> None:
    """``实现了…的能力`` (a perfective 了) and ``针对…的词`` (a preposition) end in a noun but are no noun phrase."""
    assert "b:genus" not in body_features("实现了更快收敛的目标。")
    assert "b:genus" not in body_features("针对长度不同的句子，先补齐再训练。")
    assert "b:genus" in body_features("一种二分类的线性模型（Perceptron）。")


def _bucket_by_scan(value: int, edges: tuple[int, ...], name: str) -> str:
    """The bucket's name as the features named it before: the last edge the value reaches."""
    label = "0"
    for edge in edges:
        if value >= edge:
            label = str(edge)
    return f"{name}{label}"


def test_a_bucket_is_the_one_the_edge_scan_names() -> None:
    """Bisecting the precomputed edges names the same bucket as scanning them, at and around every edge."""
    for edges, name in [((1, 3, 5, 9), "t:cjk"), ((1, 2, 4), "t:words"), ((8, 20, 60, 150), "b:len")]:
        spec = buckets(edges, name)
        for value in range(-1, 200):
            out: dict[str, float] = {}
            _bucket(value, spec, out)
            assert out == {_bucket_by_scan(value, edges, name): 1.0}, (edges, value)
