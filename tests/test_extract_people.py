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
    found = people("Chancellor Alice May spoke in May. May said she would stay.")
    assert list(found) == ["Alice May"]
    assert found["Alice May"].aliases == ["Alice May", "May"]


def test_a_role_after_a_name_stops_before_a_relative_clause_and_what_a_role_is_of_is_no_person():
    found = people(
        "Rita Moss, a state representative who trained as a nurse, spoke. "
        "Owen Pike, MLA for Kestrel Bay, too."
    )
    assert set(found) == {"Rita Moss", "Owen Pike"}
    assert found["Rita Moss"].role == "state representative"


def test_a_name_that_mostly_follows_the_names_a_thing():
    assert people("Fans cheered the Carolina Hurricanes. The Carolina Hurricanes won in Ottawa.") == {}
    # A person cue beside any use outweighs it.
    assert set(people("She met the Jane Roe who, said Jane Roe, runs the shop.")) == {"Jane Roe"}


def test_no_given_name_where_a_place_an_organisation_or_a_product_stands():
    for text in (
        "Crowds waited at Kestrel Ridge on Monday.",
        "Trucks drove through Kestrel Ridge to the capital.",
        "The Osprey Ridge pipeline and the Osprey Ridge project were sold.",
        "Anak Brindle, which means child, erupted.",
        "He spoke in an interview from Osprey Brook, N.B. on Friday.",
        "The law firm Osprey Brock & Blackwell LLP advised them.",
        "Brindle Green Cream, $38, brindle.ca",
        "Collect points, or earn a 62% Approval Rating.",
        "He joined the Centre for Brindle Investing last year.",
        "The group praised its Quill Warriors campaign.",
        'She used an app called "Osprey Meter" that paid users.',
        "They built a $44 million Osprey Brindle near the river.",
        "He wrote The Kettle That Sang Too Loud last year.",
    ):
        assert people(text) == {}, text


def test_a_person_cue_or_a_given_name_keeps_a_name():
    assert set(people("Fans met Aarno Kettunen, who scored twice.")) == {"Aarno Kettunen"}
    assert set(people("His wife, Ha Min-seo, smiled.")) == {"Ha Min-seo"}
    assert set(people("Crowds waited at Budi Santara. “It was late,” Santara said.")) == {"Budi Santara"}
    assert set(people("Crowds waited at Kestrel Varga. Dr. Varga arrived.")) == {"Kestrel Varga"}
    # Had the first word been no given name, "at" would have made it a place.
    assert set(people("Crowds waited at Daniel Ridge on Monday.")) == {"Daniel Ridge"}


def test_demonyms_numbers_and_plural_initials_are_not_names():
    found = people(
        "Fellow Canadians Hollis Brandt and Corey Vane played. Sixteen Kenyans and Labour MPs came."
    )
    assert set(found) == {"Hollis Brandt", "Corey Vane"}


def test_a_name_made_an_adjective_is_not_one_but_korean_given_names_are():
    found = people("Lisbon-born Jane Roe met Oslo-based Osprey Labs. Choi Ji-hoon met Lee Seo-yeon.")
    assert set(found) == {"Jane Roe", "Choi Ji-hoon", "Lee Seo-yeon"}


def test_bylines_are_not_people_of_the_story():
    text = "Jane Roe, The Associated Press\n\nJohn Smith said hello.\n\nWith files from Mary Major"
    assert set(people(text)) == {"John Smith"}


def test_where_a_role_is_held_is_no_person():
    found = people("Doug Porter, chief economist at Bellweather Sheff, said rates will rise.")
    assert set(found) == {"Doug Porter"}
    assert set(people("Jo Vane, Osprey Brindle producer, left.")) == {"Jo Vane"}


def test_a_broadcast_hand_over_and_a_closing_author_note_are_credits():
    text = (
        "Jane Roe met the mayor. Tom Vane has the latest.\n\nAs Ann Lee reports, rallies grew.\n\n"
        "Mary Major is a Lisbon-based reporter who covers labour."
    )
    assert set(people(text)) == {"Jane Roe"}
    # Not before the last paragraph: a story may be about a reporter.
    story = "Mary Major is a reporter held since March.\n\nHer editor spoke to Mary Major on Monday."
    assert set(people(story)) == {"Mary Major"}


def test_names_listed_after_a_plural_noun_for_things_are_no_people():
    text = "Firms such as Osprey Brindle, Kestrel Quill and Wren Holdings hired Jane Roe."
    assert set(people(text)) == {"Jane Roe"}
    assert people("It sold to companies including Osprey Brindle and Quillan Vane.") == {}


def test_where_persons_stand_like_things_they_stay_people():
    # A name may qualify a noun once ("a Vera Lindqvist sort of charm"), go with a score or a possessive.
    for text, name in (
        ("Odd as it was, in a Vera Lindqvist sort of charm, it worked.", "Vera Lindqvist"),
        ("Tariq Osei defeated Bruno Calloway 6-4, 7-6.", "Bruno Calloway"),
        ("Serbia’s Novak Djokovic will play.", "Novak Djokovic"),
        ("The envoy to Britain Zhou Weiming has spoken.", "Zhou Weiming"),
        ("They played in Vladimir Putin’s Russia.", "Vladimir Putin"),
        ("Участники проекта:\n\nАндрей Рудьков\n\nАккаунт: @darkzip", "Андрей Рудьков"),
    ):
        assert name in people(text), text


def test_organisation_words_end_a_name():
    assert people("The house was built by Osprey Builders and the Brindle Ice Complex opened.") == {}


def test_a_single_name_with_a_role_in_an_appositive_is_a_person():
    found = people("Talia, a nurse from the island, saw the wave first. Kestrel, chairman of nothing, left.")
    assert list(found) == ["Talia"]
    assert found["Talia"].role.startswith("nurse")


def test_a_courtesy_title_makes_a_surname_alone_a_person():
    extraction = extract(
        "The bakery closed in May. “We lost half our trade,” Mr. Brandt said. He said the rent had doubled."
    )
    [brandt] = extraction.people
    assert (brandt.name, brandt.gender) == ("Brandt", "m")
    assert [extraction.speaker_name(q) for q in extraction.quotations] == ["Brandt", "Brandt"]


def test_a_courtesy_title_of_the_other_gender_is_another_person_of_the_same_name():
    found = people("Tomas Brandt runs the bakery with his wife. Ms. Brandt said the rent had doubled.")
    assert set(found) == {"Tomas Brandt", "Brandt"}
    assert found["Brandt"].gender == "f"


def test_general_before_a_word_makes_no_person():
    assert people("General Motors said the plant would close in spring.") == {}


def test_words_spelt_as_brands_or_glued_together_are_no_names():
    text = (
        "Buyers of the Nova BundleKit said it broke. Tess Wilsonbrandsystemshop wrote in.\n\n"
        "Ana McDowell and Jalen LeBeau said they liked theirs."
    )
    assert set(people(text)) == {"Ana McDowell", "Jalen LeBeau"}


def test_the_first_word_of_a_bodys_name_speaking_alone_is_the_body():
    extraction = extract(
        "A judge ordered Brightwave Telecom to pay the engineer. Brightwave said it was reviewing the ruling."
    )
    assert extraction.people == []
    [quotation] = extraction.quotations
    assert (quotation.speaker, quotation.speaker_text) == (None, "Brightwave")


def test_a_surname_that_is_a_word_for_a_role_after_a_given_name():
    assert set(people("Jane Baker said the bridge was unsafe. Stella King read from her book.")) == {
        "Jane Baker",
        "Stella King",
    }


def test_every_name_of_a_byline_list_is_a_credit():
    text = "Jane Roe said the bridge was unsafe.\n\n– With files from Kyle Bonner, Mia King and Sal Korn"
    assert set(people(text)) == {"Jane Roe"}


def test_a_given_name_before_a_word_for_a_role_where_places_stand_is_a_place():
    assert people("The sailors met at Ada Head a week later.") == {}
