import threading

from core.bounded import Bounded


def test_the_least_recently_used_is_forgotten_beyond_the_limit():
    forgotten = []
    kept = Bounded(2, forgotten=forgotten.append)
    kept.keep("a", 1)
    kept.keep("b", 2)
    assert kept.use("a") == 1  # "b" is now the least recently used
    kept.keep("c", 3)
    assert dict(kept) == {"a": 1, "c": 3}
    assert forgotten == [2]


def test_keeping_again_replaces_the_value_and_makes_it_the_most_recent():
    kept = Bounded(2)
    kept.keep("a", 1)
    kept.keep("b", 2)
    kept.keep("a", 10)
    kept.keep("c", 3)
    assert dict(kept) == {"a": 10, "c": 3}


def test_a_plain_read_does_not_count_as_a_use():
    kept = Bounded(2)
    kept.keep("a", 1)
    kept.keep("b", 2)
    assert kept.get("a") == 1 and "a" in kept
    kept.keep("c", 3)
    assert "a" not in kept


def test_use_of_a_missing_key_gives_the_default_and_discard_forgets():
    kept = Bounded(2)
    assert kept.use("a") is None
    assert kept.use("a", "none") == "none"
    kept.keep("a", 1)
    kept.discard("a")
    kept.discard("a")
    assert kept.use("a") is None


def test_threads_sharing_it_never_see_it_beyond_its_limit_nor_fail():
    kept = Bounded(8)
    errors = []

    def work(offset):
        try:
            for number in range(2_000):
                key = (offset + number) % 13
                if kept.use(key) is None:
                    kept.keep(key, number)
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(kept) <= 8
