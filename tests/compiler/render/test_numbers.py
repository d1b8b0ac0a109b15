"""Human units beside exact numbers (qdl.compiler.render.numbers)."""

from qdl.compiler.render.numbers import count, duration, exact_with_human, number, sci


def test_scientific_form_uses_superscripts_and_rounds_up_cleanly():
    assert sci(1.9601911144950492e31) == "1.96·10³¹"
    assert sci(9.9996e4) == "1·10⁵"
    assert sci(4.62e-6) == "4.62·10⁻⁶"


def test_counts_stay_exact_below_1e15_and_never_use_t_or_g_prefixes():
    assert number(16380) == "16,380"
    assert number(66_500_967_080_029_009_213_060_065_792) == "6.65·10²⁸"
    assert count(3_900_000) == "3.9 M" and count(1_035_590) == "1.04 M"
    assert count(2_410_000_000) == "2.41·10⁹"  # not "2.41 G": G and T read as gate names


def test_durations_in_the_largest_fitting_unit():
    assert duration(6.0e12) == "190,129 years"  # Julian years of 365.25 days
    assert duration(6000) == "1.67 hours"
    assert duration(8.32e-5) == "83.2 µs"
    assert duration(1.96e18) == "6.21·10¹⁰ years"


def test_key_value_cells_put_the_human_reading_beside_the_exact_value():
    assert exact_with_human("physical_qubits", 1_035_590) == "1,035,590 (1.04 M)"
    assert exact_with_human("runtime_seconds", 6000.0) == "1.67 hours (6,000 s)"
    assert exact_with_human("duration_ns", 83200) == "83.2 µs (83,200 ns)"
    assert exact_with_human("seconds", 19.77) == "19.77 s"
    assert exact_with_human("code_distance", 15) == "15"
