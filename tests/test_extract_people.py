"""People: names, the roles beside them, surnames and misspellings folded into one person."""

from articles.extract import extract


def people(text):
    return {p.name: p for p in extract(text).people}


def test_role_before_a_name():
    found = people("Chechnya head Ramzan Kadyrov urged them to return to the front.")
    assert list(found) == ["Ramzan Kadyrov"]
    assert found["Ramzan Kadyrov"].role == "Chechnya head"


def test_role_after_a_name():
    found = people("Magomed Daudov, chairman of the parliament of Chechnya, reported that they came back.")
    assert found["Magomed Daudov"].role == "chairman of the parliament of Chechnya"


def test_title_is_not_part_of_the_name():
    found = people("Prime Minister Jane Roe and Organizer John Smith met.")
    assert set(found) == {"Jane Roe", "John Smith"}
    assert found["Jane Roe"].role == "Prime Minister"


def test_surnames_and_misspellings_fold_into_the_full_name():
    text = "Ramzan Kadyrov spoke. Kadyrov's men listened. “We go back,” said Kaydrov."
    found = people(text)
    assert list(found) == ["Ramzan Kadyrov"]
    assert found["Ramzan Kadyrov"].aliases == ["Ramzan Kadyrov", "Kadyrov", "Kaydrov"]
    for mention in found["Ramzan Kadyrov"].mentions:
        assert text[mention.start : mention.end] == mention.text


def test_two_people_with_one_surname_stay_two():
    found = people("Ramzan Kadyrov came with his father Akhmat Kadyrov. Later Kadyrov left.")
    assert set(found) == {"Akhmat Kadyrov", "Ramzan Kadyrov"}
    # The lone surname is the article's subject, named first, not the relative.
    assert found["Ramzan Kadyrov"].mentions[-1].text == "Kadyrov"
    assert [m.text for m in found["Akhmat Kadyrov"].mentions] == ["Akhmat Kadyrov"]


def test_organisations_places_and_dates_are_not_people():
    text = "The Saskatoon Police Service met in Thunder Bay on Monday, January with the University of Regina."
    assert people(text) == {}


def test_cyrillic_names():
    found = people("Глава Чечни Рамзан Кадыров написал, что Кадыров не встретится с ними.")
    assert list(found) == ["Рамзан Кадыров"]
    assert found["Рамзан Кадыров"].aliases == ["Рамзан Кадыров", "Кадыров"]


def test_photo_credits_are_not_people():
    text = "Jane Roe spoke to the crowd. (Adrian Wyld/The Canadian Press)\n\nJohn Smith / Reuters"
    assert set(people(text)) == {"Jane Roe"}


def test_a_surname_that_is_a_month_after_a_given_name():
    found = people("Prime Minister Theresa May spoke in May. May said she would stay.")
    assert list(found) == ["Theresa May"]
    assert found["Theresa May"].aliases == ["Theresa May", "May"]


def test_a_role_after_a_name_stops_before_a_relative_clause_and_what_a_role_is_of_is_no_person():
    found = people(
        "Adam Koenig, a state representative who graduated in 1989, spoke. "
        "Lisa Harris, MLA for Miramichi Bay, too."
    )
    assert set(found) == {"Adam Koenig", "Lisa Harris"}
    assert found["Adam Koenig"].role == "state representative"
