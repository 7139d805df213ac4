"""Write ``kg/resources/world_places.tsv``: places outside China by their Chinese names.

Countries, their first-level subdivisions and major cities, by their usual mainland names.

Countries and subdivisions come from the iso-codes data and its zh_CN translations as
shipped in the PyPI package ``pycountry`` (LGPL-2.1); the translation of a country is
replaced by the form Xinhua and People's Daily use where the two differ (大韩民国 → 韩国),
and a hand-made list of capitals and major cities is added. Run once by the developers;
the package only reads the TSV::

    pip download pycountry==24.6.1 --no-deps -d /tmp/pyc
    python scripts/make_world_places.py /tmp/pyc/pycountry-24.6.1-py3-none-any.whl
"""

from __future__ import annotations

import gettext
import io
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "resources" / "world_places.tsv"

# alpha-2 → the usual mainland form, where iso-codes' zh_CN differs or is too long.
COUNTRY_NAMES = {
    "KR": "韩国", "KP": "朝鲜", "LA": "老挝", "SY": "叙利亚", "IR": "伊朗", "VN": "越南",
    "VE": "委内瑞拉", "KH": "柬埔寨", "GT": "危地马拉", "VA": "梵蒂冈", "MD": "摩尔多瓦",
    "BO": "玻利维亚", "KG": "吉尔吉斯斯坦", "MT": "马耳他", "LC": "圣卢西亚", "BD": "孟加拉国",
    "MN": "蒙古国", "CG": "刚果（布）", "CD": "刚果（金）", "BW": "博茨瓦纳", "TZ": "坦桑尼亚",
    "SM": "圣马力诺", "DM": "多米尼克", "PF": "法属波利尼西亚", "RU": "俄罗斯", "AE": "阿联酋",
    "FK": "福克兰群岛", "MK": "北马其顿", "CZ": "捷克", "CI": "科特迪瓦", "CV": "佛得角",
    "SZ": "斯威士兰", "TL": "东帝汶", "PS": "巴勒斯坦", "MM": "缅甸", "SA": "沙特",
}
# Further written forms of a country (→ the name above).
COUNTRY_ALIASES = {
    "蒙古国": ["蒙古"], "刚果（布）": ["刚果共和国"], "刚果（金）": ["刚果民主共和国"],
    "美国": ["美利坚合众国"], "英国": ["大不列颠及北爱尔兰联合王国"], "俄罗斯": ["俄罗斯联邦"],
    "阿联酋": ["阿拉伯联合酋长国"], "斯威士兰": ["埃斯瓦蒂尼"], "捷克": ["捷克共和国"],
    "韩国": ["大韩民国"], "朝鲜": ["朝鲜民主主义人民共和国"], "老挝": ["老挝人民民主共和国"],
    "越南": ["越南社会主义共和国"], "伊朗": ["伊朗伊斯兰共和国"], "叙利亚": ["阿拉伯叙利亚共和国"],
    "沙特": ["沙特阿拉伯"], "印度尼西亚": ["印尼"],
}
# Short forms of states and provinces abroad (→ the subdivision's name): 加州高铁管理局 is
# the 加利福尼亚州 one.
REGION_SHORT_FORMS = {
    "阿拉斯加": "阿拉斯加州", "加利福尼亚": "加利福尼亚州", "加州": "加利福尼亚州",
    "得克萨斯": "得克萨斯州", "得州": "得克萨斯州", "佛罗里达": "佛罗里达州", "佛州": "佛罗里达州",
    "夏威夷": "夏威夷州", "弗吉尼亚": "弗吉尼亚州", "安大略": "安大略省", "魁北克": "魁北克省",
}
# Chinese regions are in divisions.tsv, not here.
SKIP = {"CN", "TW", "HK", "MO"}

# Capitals and major cities (hand-made by the developers): name, country alpha-2.
CITIES = """
华盛顿 US|纽约 US|洛杉矶 US|旧金山 US|芝加哥 US|休斯敦 US|西雅图 US|波士顿 US|费城 US|底特律 US|
迈阿密 US|亚特兰大 US|拉斯维加斯 US|檀香山 US|莫斯科 RU|圣彼得堡 RU|符拉迪沃斯托克 RU|喀山 RU|
新西伯利亚 RU|叶卡捷琳堡 RU|伦敦 GB|曼彻斯特 GB|爱丁堡 GB|伯明翰 GB|巴黎 FR|马赛 FR|里昂 FR|
柏林 DE|慕尼黑 DE|汉堡 DE|法兰克福 DE|杜塞尔多夫 DE|科隆 DE|东京 JP|大阪 JP|京都 JP|横滨 JP|
名古屋 JP|首尔 KR|釜山 KR|仁川 KR|平壤 KP|新德里 IN|孟买 IN|加尔各答 IN|班加罗尔 IN|
伊斯兰堡 PK|卡拉奇 PK|拉合尔 PK|瓜达尔 PK|喀布尔 AF|德黑兰 IR|巴格达 IQ|大马士革 SY|
贝鲁特 LB|安曼 JO|耶路撒冷 IL|特拉维夫 IL|加沙 PS|利雅得 SA|吉达 SA|多哈 QA|迪拜 AE|
阿布扎比 AE|科威特城 KW|马斯喀特 OM|麦纳麦 BH|萨那 YE|安卡拉 TR|伊斯坦布尔 TR|开罗 EG|
亚历山大 EG|的黎波里 LY|突尼斯城 TN|阿尔及尔 DZ|拉巴特 MA|卡萨布兰卡 MA|喀土穆 SD|
亚的斯亚贝巴 ET|内罗毕 KE|蒙巴萨 KE|达累斯萨拉姆 TZ|坎帕拉 UG|基加利 RW|金沙萨 CD|
布拉柴维尔 CG|罗安达 AO|卢萨卡 ZM|哈拉雷 ZW|比勒陀利亚 ZA|约翰内斯堡 ZA|开普敦 ZA|
阿布贾 NG|拉各斯 NG|阿克拉 GH|达喀尔 SN|阿比让 CI|雅温得 CM|吉布提 DJ|塔那那利佛 MG|
马普托 MZ|温得和克 NA|哈博罗内 BW|巴西利亚 BR|里约热内卢 BR|圣保罗 BR|布宜诺斯艾利斯 AR|
圣地亚哥 CL|利马 PE|波哥大 CO|加拉加斯 VE|基多 EC|拉巴斯 BO|蒙得维的亚 UY|亚松森 PY|
墨西哥城 MX|哈瓦那 CU|巴拿马城 PA|圣何塞 CR|渥太华 CA|多伦多 CA|温哥华 CA|蒙特利尔 CA|
堪培拉 AU|悉尼 AU|墨尔本 AU|布里斯班 AU|珀斯 AU|阿德莱德 AU|惠灵顿 NZ|奥克兰 NZ|
罗马 IT|米兰 IT|威尼斯 IT|佛罗伦萨 IT|那不勒斯 IT|马德里 ES|巴塞罗那 ES|里斯本 PT|
阿姆斯特丹 NL|鹿特丹 NL|海牙 NL|布鲁塞尔 BE|卢森堡 LU|日内瓦 CH|苏黎世 CH|伯尔尼 CH|
达沃斯 CH|维也纳 AT|布拉格 CZ|华沙 PL|布达佩斯 HU|布加勒斯特 RO|索非亚 BG|贝尔格莱德 RS|
萨格勒布 HR|卢布尔雅那 SI|布拉迪斯拉发 SK|雅典 GR|比雷埃夫斯 GR|斯德哥尔摩 SE|奥斯陆 NO|
哥本哈根 DK|赫尔辛基 FI|雷克雅未克 IS|都柏林 IE|基辅 UA|哈尔科夫 UA|敖德萨 UA|明斯克 BY|
维尔纽斯 LT|里加 LV|塔林 EE|基希讷乌 MD|第比利斯 GE|埃里温 AM|巴库 AZ|阿斯塔纳 KZ|
阿拉木图 KZ|塔什干 UZ|撒马尔罕 UZ|比什凯克 KG|杜尚别 TJ|阿什哈巴德 TM|乌兰巴托 MN|
河内 VN|胡志明市 VN|万象 LA|金边 KH|曼谷 TH|仰光 MM|内比都 MM|吉隆坡 MY|布城 MY|
新加坡 SG|雅加达 ID|巴厘岛 ID|马尼拉 PH|斯里巴加湾市 BN|帝力 TL|达卡 BD|加德满都 NP|
科伦坡 LK|马累 MV|廷布 BT|莫尔兹比港 PG|苏瓦 FJ|阿皮亚 WS|努库阿洛法 TO|霍尼亚拉 SB|
维拉港 VU|日内瓦湖 CH|斯特拉斯堡 FR|海参崴 RU|卡扎菲体育场 LY|
阿拉斯加 US|加利福尼亚 US|加州 US|得克萨斯 US|佛罗里达 US|夏威夷 US|弗吉尼亚 US|马里兰 US|
安大略 CA|魁北克 CA|不列颠哥伦比亚 CA|萨斯喀彻温 CA|阿尔伯塔 CA|马尼托巴 CA|拉姆安拉 PS|
汗尤尼斯 PS|拉法 PS|杰宁 PS|约旦河西岸 PS|海法 IL|埃拉特 IL|库尔斯克 RU|别尔哥罗德 RU|
布良斯克 RU|沃罗涅日 RU|特维尔 RU|克里米亚 UA|顿涅茨克 UA|卢甘斯克 UA|扎波罗热 UA|赫尔松 UA|
苏梅 UA|第聂伯罗 UA|利沃夫 UA|荷台达 YE|亚丁 YE|大阪府 JP|冲绳 JP|北海道 JP|济州岛 KR
"""


def main(wheel: str) -> int:
    """Write the TSV from the pycountry wheel at ``wheel``."""
    with zipfile.ZipFile(wheel) as z:
        def mo(name: str) -> gettext.GNUTranslations:
            path = f"pycountry/locales/zh_CN/LC_MESSAGES/{name}.mo"
            return gettext.GNUTranslations(io.BytesIO(z.read(path)))

        countries = json.loads(z.read("pycountry/databases/iso3166-1.json"))["3166-1"]
        subdivisions = json.loads(z.read("pycountry/databases/iso3166-2.json"))["3166-2"]
        t1, t2 = mo("iso3166-1"), mo("iso3166-2")
    rows: list[tuple[str, str, str, str]] = []  # name, kind, country, canonical
    names: dict[str, str] = {}
    for country in countries:
        code = country["alpha_2"]
        if code in SKIP:
            continue
        zh = t1.gettext(country["name"])
        if zh == country["name"]:
            continue
        name = COUNTRY_NAMES.get(code, zh)
        names[code] = name
        rows.append((name, "country", code, name))
        forms = {zh, *COUNTRY_ALIASES.get(name, [])}
        official = country.get("official_name")
        if official and t1.gettext(official) != official:
            forms.add(t1.gettext(official))
        for form in sorted(forms - {name}):
            rows.append((form, "country", code, name))
    seen = {row[0] for row in rows} | _chinese_divisions()
    for sub in subdivisions:
        code = sub["code"][:2]
        if code in SKIP or code not in names:
            continue
        zh = t2.gettext(sub["name"])
        # Two-character subdivision names are mostly common words or clash with Chinese
        # places (中部, 中央, 黑河, 大港): only longer ones are kept.
        if zh == sub["name"] or len(zh) < 3 or zh in seen or not _chinese(zh):
            continue
        seen.add(zh)
        rows.append((zh, "region", code, zh))
    for item in CITIES.replace("\n", "").split("|"):
        if not item.strip():
            continue
        name, code = item.split()
        if name not in seen:
            seen.add(name)
            if REGION_SHORT_FORMS.get(name) in seen:
                rows.append((name, "region", code, REGION_SHORT_FORMS[name]))
            else:
                rows.append((name, "city", code, name))
    for name, full in REGION_SHORT_FORMS.items():
        if name not in seen and full in seen:
            seen.add(name)
            rows.append((name, "region", "US", full))
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# Places outside China (generated by scripts/make_world_places.py; "
                  "see SOURCES.md)\n")
        out.write("# Columns: name\tkind (country|region|city)\tcountry (ISO 3166-1)\t"
                  "canonical name\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(rows)} rows → {OUT}")
    return 0


def _chinese_divisions() -> set[str]:
    path = OUT.parent / "divisions.tsv"
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            out.update(line.split("\t")[1:3])
    return out


def _chinese(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" or c in "·-（）" for c in text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
