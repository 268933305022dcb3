"""English names found in Korean text by sound (worked examples from the articles)."""

import pytest

from rag.transliterate import (find_name, keep_the_texts_hangul, mend_mixed_words, respell_persons, romanize_person,
                              sound_key, sounds_alike)

NAME_SIMILARITY, SHORT_SPELLING = 0.75, 0.6


@pytest.mark.parametrize("english, korean", [
    ("Tashkent", "타슈켄트"), ("Kuala Lumpur", "쿠알라룸푸르"), ("Heiniger", "하이니거"),
    ("Barcelona", "바르셀로나"), ("Ulyanovsk", "울리야노프스크"), ("Chongqing", "충칭"),
    ("Hu Henghua", "후헝화"), ("Mauch", "마우흐"), ("Oh Se-hoon", "오세훈"), ("Park Won-soon", "박원순"),
    ("Kim Tae-gyun", "김태균"), ("Ismadi bin Sakirin", "이스마디 빈 사키린"), ("Bishkek", "비슈케크"),
    ("London", "런던"), ("Uzbekistan", "우즈베키스탄"), ("Seocho", "서초"),
    ("Zurich", "취리히"), ("China", "중국"), ("KL", "쿠알라룸푸르"),  # the last three from the exonym table
])
def test_a_name_is_found_in_its_hangul_spelling(english, korean):
    text = f"이번 방문에서 {korean}에서 열린 행사에 참석했다."
    match = find_name(english, text, NAME_SIMILARITY, SHORT_SPELLING)
    assert match is not None, (english, sound_key(english))
    assert korean in text[match.start : match.end]


@pytest.mark.parametrize("english, korean", [
    ("Busan", "타슈켄트"), ("Tokyo", "쿠알라룸푸르"), ("Bishkek", "바르셀로나"),
    ("Hu Henghua", "이나 안 원"),  # a one-consonant key must not match any short word
    ("Moscow", "울리야노프스크"), ("Hanoi", "하이니거"),
])
def test_a_different_name_is_not_found(english, korean):
    assert find_name(english, f"{korean}에서 회의가 열렸다.", NAME_SIMILARITY, SHORT_SPELLING) is None


def test_the_match_covers_the_name_without_its_particle():
    text = "김 부시장은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 부시장과 협정을 체결했다."
    match = find_name("Ismadi bin Sakirin", text, NAME_SIMILARITY, SHORT_SPELLING)
    assert text[match.start : match.end] == "이스마디 빈 사키린"
    place = find_name("Kuala Lumpur", text, NAME_SIMILARITY, SHORT_SPELLING)
    assert text[place.start : place.end] == "쿠알라룸푸르"


def test_a_name_is_found_at_the_head_of_a_compound_noun():
    text = "21명의 노벨상 수상자를 배출한 세계적 명문 공과대학이다."
    match = find_name("Nobel", text, NAME_SIMILARITY, SHORT_SPELLING)
    assert match is not None and text[match.start : match.end] == "노벨"
    # a short name is not read inside a longer word
    assert find_name("Kim", "김치를 담갔다.", NAME_SIMILARITY, SHORT_SPELLING) is None
    assert find_name("Moro", "모로조프 총장", NAME_SIMILARITY, SHORT_SPELLING) is None


def test_a_place_is_found_before_the_office_written_onto_it():
    headline = "[우리 구청장은] 전성수 서초구청장, 세계 무대서 서초코인 우수성 전 세계 알려"
    found = find_name("Seocho", headline, 0.75)
    assert found and headline[found.start : found.end] == "서초"
    assert find_name("Zurich", "취리히주지사와 만났다", 0.75)
    assert find_name("Kim", "김시장", 0.75) is None  # a short name still must not be read inside a word
    assert find_name("Seoul", "전통시장", 0.75) is None  # the place must sound exactly like the name


def test_the_ending_glued_to_a_closing_quote_is_no_part_of_a_name():
    text = "“교류협력의 물꼬를 트는 계기를 마련하게 됐다”며 “서울시가 블록체인 선도도시로 비상을 준비 중”"
    assert find_name("Maurice", text, NAME_SIMILARITY, SHORT_SPELLING) is None  # 며 + 서울시 sounded alike
    assert find_name("Seoul", "“서울시가 준비 중”", NAME_SIMILARITY, SHORT_SPELLING) is not None
    assert find_name("Maurice", "공감대를 확대해 나가겠다”고 말했다.", NAME_SIMILARITY, SHORT_SPELLING) is None  # a predicate


def test_a_straight_quote_after_a_space_opens_a_quote_and_the_name_after_it_counts():
    text = "도시문제 해결을 유도하는 '북촌 사물인터넷 실증지역'을 소개한다."
    match = find_name("Bukchon", text, NAME_SIMILARITY, SHORT_SPELLING)
    assert match is not None and text[match.start : match.end] == "북촌"
    assert find_name("Bukchon", "'북촌 사물인터넷'", NAME_SIMILARITY, SHORT_SPELLING) is not None
    # glued to the text before it, a straight quote closes one: 며 is the quoted clause's ending
    text = "\"교류협력의 계기를 마련하게 됐다\"며 \"서울시가 블록체인 선도도시로 비상을 준비 중\""
    assert find_name("Maurice", text, NAME_SIMILARITY, SHORT_SPELLING) is None


def test_a_latin_spelling_in_the_text_is_found_as_written():
    text = "ETH 취리히는 노벨상 수상자 21명을 배출했다."
    match = find_name("ETH", text, NAME_SIMILARITY, SHORT_SPELLING)
    assert text[match.start : match.end] == "ETH"


def test_a_long_name_is_found_by_its_initials():
    text = "바르셀로나 시청이 주최하는 SCEWC는 매년 11월 열린다."
    match = find_name("Smart City Expo World Congress", text, NAME_SIMILARITY, SHORT_SPELLING)
    assert text[match.start : match.end] == "SCEWC"
    assert find_name("Seoul Bio Hub", text, NAME_SIMILARITY, SHORT_SPELLING) is None


@pytest.mark.parametrize("ours, theirs, alike", [
    ("하이니커", "하이니거", True),  # one sound off
    ("서게이 모로조프", "세르게이 이바노비치 모로조프", True),  # one word agrees
    ("이상호", "이날 오후 17시엔", False),  # a short key (SN) must agree in spelling too
    ("김철수", "이스마디 빈 사키린", False),
])
def test_two_hangul_spellings_of_a_name_sound_alike(ours, theirs, alike):
    assert sounds_alike(ours, theirs, 0.75) is alike


def test_a_city_is_found_by_the_korean_name_geonames_gives():
    # English spelling hides Pittsburgh's sound from the key: by sound it scores 0.5 against 피츠버그
    found = find_name("Pittsburgh", "미국 피츠버그에서 열린 행사", NAME_SIMILARITY, SHORT_SPELLING)
    assert found is not None and (found.start, found.end) == (3, 7)
    assert find_name("Tokyo", "2014년 뉴욕, 2016년 런던", NAME_SIMILARITY, SHORT_SPELLING) is None


def test_a_name_is_not_read_across_a_word_left_out_between_two_others():
    # 지원하고 is a predicate, no name; 스타트업 + 블록체인 on either side of it are not one name
    text = "블록체인 기술 기반 스타트업을\xa0지원하고\xa0블록체인 관련 세미나를 연다."
    assert find_name("South African", text, NAME_SIMILARITY, SHORT_SPELLING) is None
    match = find_name("Corine Mauch", "코린 마우흐 취리히 시장", NAME_SIMILARITY, SHORT_SPELLING)
    assert match is not None and match.start == 0 and match.end == 6


def test_ds_sounds_as_korean_writes_it():
    # Awards is 어워즈, Edwards 에드워즈: -ds is the Korean 즈
    text = "세계 4대 국제 환경상인 ‘그린애플어워즈’에서 우수 기관상을 수상했다"
    match = find_name("Green Apple Awards", text, NAME_SIMILARITY, SHORT_SPELLING)
    assert match is not None and text[match.start : match.end] == "그린애플어워즈"


def test_a_korean_word_written_partly_in_latin_letters_is_mended_to_the_sources_word():
    sentences = ["박원순 서울시장은 러시아 울랴놉스크에서 열리는 WeGO 총회를 주재한다."]
    assert mend_mixed_words("러시아 울랴nop스크에서 열렸습니다.", sentences) == "러시아 울랴놉스크에서 열렸습니다."
    assert mend_mixed_words("러시아 울랴 NOP스크", sentences) == "러시아 울랴놉스크"
    assert mend_mixed_words("울랴nop스크", ["울랴노프스크 주지사"]) == "울랴노프스크"  # the sentence's own spelling
    # no sentence writes such a word, the Latin sounds like another syllable, or it keeps no consonant
    assert mend_mixed_words("울랴nop스크", ["울랴스크 주지사"]) == "울랴nop스크"
    assert mend_mixed_words("울랴kat스크", sentences) == "울랴kat스크"
    assert mend_mixed_words("서울 AI의 미래", ["서울아이의 미래"]) == "서울 AI의 미래"


def test_a_persons_latin_name_that_is_not_its_hangul_is_respelled_from_the_hangul_the_text_holds():
    sentences = ["김태균 행정1부시장을 단장으로 한 서울시 대표단은 쿠알라룸푸르를 방문했다."]
    assert romanize_person("김태균") == "Kim Tae-gyun" and romanize_person("오세훈") == "Oh Se-hun"
    assert respell_persons("Kim Jae-in (김태균) led it [1]", sentences, 0.75, 0.6) == "Kim Tae-gyun (김태균) led it [1]"
    # a romanisation that already sounds like its Hangul, or Hangul no sentence writes as a word, stays
    assert respell_persons("Kim Tae-kyun (김태균)", sentences, 0.75, 0.6) == "Kim Tae-kyun (김태균)"
    assert respell_persons("Lee Seung-ho (이승호)", sentences, 0.75, 0.6) == "Lee Seung-ho (이승호)"
    assert respell_persons("Kim Tae-ho (김태)", sentences, 0.75, 0.6) == "Kim Tae-ho (김태)"  # part of a word


def test_a_translated_name_is_found_only_as_its_translation_never_by_sound():
    digital = "서울은 디지털 선도도시로서 세종시(세종 스마트시티)와 협력한다."
    assert find_name("Central Asia", digital, 0.75, 0.6) is None  # its sound key is one letter from 선도도시's
    assert find_name("Southeast", digital, 0.75, 0.6) is None
    assert find_name("Central Asia", "아세안과 중앙아시아를 대표하는 도시", 0.75, 0.6) is not None


def test_a_name_the_gazetteer_spells_is_found_by_sound_only_near_that_spelling():
    tashkent = "중앙아시아 최대 공업도시인 타슈켄트시는 인구 약 247만명의 도시다."
    assert find_name("Chongqing", tashkent, 0.75, 0.6) is None  # its sound key is one letter from 중앙아시아's
    assert find_name("Ulyanovsk", "러시아 울랴놉스크에서 열리는 총회", 0.75, 0.6) is not None  # near 울리야놉스크


def test_a_latin_name_the_text_writes_keeps_the_texts_hangul():
    sentences = ["세르게이 모로조프(Sergey Ivanovich Morozov) 러시아 울랴놉스크 주지사와 면담한다."]
    claim = "Sergey Ivanovich Morozov (서게이 모로조프) [1]"
    assert keep_the_texts_hangul(claim, sentences) == "Sergey Ivanovich Morozov (세르게이 모로조프) [1]"
    # Hangul a sentence writes, and a Latin name no sentence writes, are left alone
    assert keep_the_texts_hangul("Sergey Ivanovich Morozov (모로조프)", sentences) == "Sergey Ivanovich Morozov (모로조프)"
    assert keep_the_texts_hangul("Sergei Morozov (서게이 모로조프)", sentences) == "Sergei Morozov (서게이 모로조프)"


def test_a_short_name_one_sound_off_must_be_spelled_alike():
    """"Li Qiang" is one consonant from 비공개 ("closed-door") and "Science" one from the 선도 of
    선도도시 ("leading city"), at its end: no name of the text, so no support."""
    meeting = "오 시장은 이날 오후 후헝화 충칭시장과의 비공개 면담에서 협력 확대를 논의했다."
    assert find_name("Li Qiang", meeting, 0.75, 0.6) is None
    leading = "서울시가 블록체인 선도도시로 비상을 준비 중인 만큼 정책적인 공감대를 확대해 나가겠다."
    assert find_name("Science", leading, 0.75, 0.6) is None
    station = "오 시장은 건물을 통과해 지나가는 것으로 유명한 리즈바역에서 열차를 탔다."
    assert find_name("Rezba", station, 0.75, 0.6) is not None  # 리즈바역: the whole name, then a station
    assert find_name("Msimanga", "트세피소 솔리 미시만가 남아공 츠와네 시장", 0.75, 0.6) is not None  # one off, spelled alike


def test_a_name_of_several_words_sounds_word_by_word():
    """The t ending "Trust" and the s starting "Square" are not the ts of Tashkent; English drops
    the r of a final -are: "Trust Square" is 트러스트 스퀘어."""
    found = find_name("Trust Square", "취리히시 소재 블록체인센터인 ‘트러스트 스퀘어’를 방문했다.", 0.75, 0.6)
    assert found is not None and found.score == 1.0
    assert sound_key("Trust Square") == sound_key("teureoseuteu seukweeo")
    assert sound_key("Tashkent") == "TSKNT" and sound_key("Pierre") == "PL"


def test_a_name_does_not_read_on_across_a_topic_or_object_particle():
    """"서울은 바이오산업" ("Seoul is … bio-industry") is no "Seoul Baronghub": a name's words carry no
    topic or object particle before its last one."""
    said = '오 시장은 "서울은 바이오산업 발전 잠재력이 충분한 도시"라며'
    assert find_name("Seoul Baronghub", said, 0.75, 0.75) is None
    assert find_name("Seoul", said, 0.75, 0.75) is not None  # the word itself is still found
    assert find_name("Ismadi bin Sakirin", "이스마디 빈 사키린 쿠알라룸푸르 부시장과", 0.75, 0.75) is not None
