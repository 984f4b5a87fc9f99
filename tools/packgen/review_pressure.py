#!/usr/bin/env python3
"""Generate rules/ru/review-pressure.yml (pack ru-review-pressure):
`python tools/packgen/review_pressure.py`.

The pack is review_pressure_template.yml with `{FWD}`, `{PAST}`, `{ONEP}`, `{REV}`,
`{RAISE1}` and `{OBJ}` replaced by the alternations below (the review verbs in each
form, the verbs of raising a rating, the things a review can be). Edit the lists or the
template and regenerate, never the YAML. The candidate is checked with replylint's loader
before it replaces the pack, so a bad pattern never reaches rules/ru/.
"""

from _common import main, template, v

V='удалить удалять убрать убирать стереть стирать снять снимать скрыть скрывать отозвать отзывать отредактировать редактировать исправить исправлять изменить изменять поменять менять пересмотреть пересматривать скорректировать корректировать откорректировать переписать переписывать обновить обновлять повысить повышать поднять поднимать заменить дополнить дополнять сменить сменять поправить поправлять'
FWD=v(V, '@!past,!PRTS,!PRTF')
PAST=v(V, '@past')
ONEP=v(V, '@1per')
R='удалить убрать изменить исправить поменять пересмотреть отредактировать скорректировать повысить снять скрыть отозвать дополнить обновить переписать сменить поправить'
REV='|'.join(f'{w}@impr|{w}@INFN|{w}@2per' for w in R.split())
RAISE='поставить выставить оставить дать поменять изменить исправить повысить поднять заменить оценить написать опубликовать сменить'
RAISE1=v(RAISE, '@1per')
OBJ='отзыв|оценка|рейтинг|пост|публикация|комментарий|негатив|твит|сторис|тред'
SUBS = dict(FWD=FWD, PAST=PAST, ONEP=ONEP, REV=REV, RAISE1=RAISE1, OBJ=OBJ)


def build() -> str:
    out = template("review_pressure_template.yml")
    for k, val in SUBS.items():
        out = out.replace("{" + k + "}", val)
    return out


if __name__ == "__main__":
    main(build, "review-pressure.yml", validate=True)
