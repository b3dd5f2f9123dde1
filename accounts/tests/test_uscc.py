import pytest

from accounts.uscc import check_character, is_valid_uscc, province_code, region_code


@pytest.mark.parametrize(
    "value", ["914403001922038216", "91440300708461136T", "91330100716105852F"]
)
def test_valid_examples_from_the_standard(value):
    assert is_valid_uscc(value)


@pytest.mark.parametrize(
    "value",
    [
        "91310000MA1FL0BF0Y",  # wrong check character
        "91440300708461136",  # 17 characters
        "914403007084611360T",  # 19 characters
        "91440300708461136t",  # lower case is not in the alphabet
        "9144030070846113IT",  # I is not in the alphabet
        "",
        None,
    ],
)
def test_invalid_values(value):
    assert not is_valid_uscc(value)


def test_check_character_matches_every_position():
    base = "91110108DP0000001"
    assert check_character(base) == "D"
    # changing any one character changes the check
    for i in range(17):
        ch = "1" if base[i] != "1" else "2"
        changed = base[:i] + ch + base[i + 1 :]
        assert not is_valid_uscc(changed + "D")


def test_region_and_province():
    assert region_code("91440300708461136T") == "440300"
    assert province_code("91440300708461136T") == "440000"
