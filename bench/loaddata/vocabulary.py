"""What generated rows are made of: names, places, proportions and paths."""

NAME_PREFIX = "负载测试"
ORG_PREFIX = "LT"  # USCC characters 9-10 of generated enterprises (organisation code)
USERNAME_PREFIX = "loadtest-"
STORAGE_PREFIX = "loadtest/"
YEARS = 3
DAY = 86_400
V7 = 0x7 << 76 | 0x2 << 62  # UUID version 7 and RFC 4122 variant bits

# Share of enterprises per province (GB/T 2260 first two digits): where the trade is.
PROVINCE_WEIGHTS = {
    "44": 12,
    "31": 10,
    "11": 9,
    "32": 9,
    "33": 8,
    "37": 6,
    "51": 4,
    "42": 4,
    "35": 4,
    "12": 4,
    "21": 3,
    "41": 3,
    "43": 3,
    "50": 3,
    "61": 3,
    "34": 3,
    "13": 2,
    "22": 2,
    "36": 2,
    "45": 2,
    "53": 2,
    "14": 1,
    "15": 1,
    "23": 1,
    "46": 1,
    "52": 1,
    "54": 1,
    "62": 1,
    "63": 1,
    "64": 1,
    "65": 1,
}
PROVINCE_SHORT = {
    "11": "北京",
    "12": "天津",
    "13": "河北",
    "14": "山西",
    "15": "内蒙古",
    "21": "辽宁",
    "22": "吉林",
    "23": "黑龙江",
    "31": "上海",
    "32": "江苏",
    "33": "浙江",
    "34": "安徽",
    "35": "福建",
    "36": "江西",
    "37": "山东",
    "41": "河南",
    "42": "湖北",
    "43": "湖南",
    "44": "广东",
    "45": "广西",
    "46": "海南",
    "50": "重庆",
    "51": "四川",
    "52": "贵州",
    "53": "云南",
    "54": "西藏",
    "61": "陕西",
    "62": "甘肃",
    "63": "青海",
    "64": "宁夏",
    "65": "新疆",
}
PINYIN_SHORT = {
    "11": "Beijing",
    "12": "Tianjin",
    "13": "Hebei",
    "14": "Shanxi",
    "15": "Inner Mongolia",
    "21": "Liaoning",
    "22": "Jilin",
    "23": "Heilongjiang",
    "31": "Shanghai",
    "32": "Jiangsu",
    "33": "Zhejiang",
    "34": "Anhui",
    "35": "Fujian",
    "36": "Jiangxi",
    "37": "Shandong",
    "41": "Henan",
    "42": "Hubei",
    "43": "Hunan",
    "44": "Guangdong",
    "45": "Guangxi",
    "46": "Hainan",
    "50": "Chongqing",
    "51": "Sichuan",
    "52": "Guizhou",
    "53": "Yunnan",
    "54": "Tibet",
    "61": "Shaanxi",
    "62": "Gansu",
    "63": "Qinghai",
    "64": "Ningxia",
    "65": "Xinjiang",
}
BRAND = "康华健瑞泰德恒安信达宁海正天源隆美和盛"
KINDS = [
    ("医药", "Pharmaceutical"),
    ("药业", "Pharma"),
    ("生物科技", "Biotech"),
    ("医药贸易", "Medical Trading"),
    ("制药", "Pharmaceutical Manufacturing"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文斌宇浩凯晨欣怡"

# Zipf-like skew of applications over enterprises: weight of rank r is (r + SKEW_OFFSET)^-s.
# At the default of one enterprise per 200 applications the largest holds about 1.5 % of all
# applications and a few dozen hold thousands (at 1,000,000).
SKEW_EXPONENT = 0.8
SKEW_OFFSET = 4

# Statuses by age: old applications are decided; pending ones are recent.
STATUS_WEIGHTS_OLD = {
    "approved": 70,
    "rejected": 4,
    "voided": 2.5,
    "not_accepted": 4,
    "withdrawn": 5,
    "draft": 11,
    "correction_required": 2,
    "submitted": 0.7,
    "accepted": 0.8,
}
STATUS_WEIGHTS_RECENT = {
    "approved": 30,
    "rejected": 1.5,
    "voided": 0.5,
    "not_accepted": 2,
    "withdrawn": 3,
    "draft": 16,
    "correction_required": 8,
    "submitted": 20,
    "accepted": 19,
}
RECENT_DAYS = 45
STATUSES = list(STATUS_WEIGHTS_OLD)

# Status paths (actions after "create"); several per final status, first is the common one.
# Each entry: (weight, [action, ...]); the status after each action follows the workflow table.
PATHS: dict[str, list[tuple[int, list[str]]]] = {
    "draft": [(1, [])],
    "submitted": [(9, ["submit"]), (1, ["submit", "request_correction", "submit"])],
    "accepted": [
        (9, ["submit", "accept"]),
        (1, ["submit", "request_correction", "submit", "accept"]),
    ],
    "correction_required": [
        (6, ["submit", "request_correction"]),
        (4, ["submit", "accept", "request_correction"]),
    ],
    "not_accepted": [(1, ["submit", "not_accept"])],
    "approved": [
        (85, ["submit", "accept", "approve"]),
        (12, ["submit", "request_correction", "submit", "accept", "approve"]),
        (3, ["submit", "withdraw", "submit", "accept", "approve"]),
    ],
    "rejected": [(1, ["submit", "accept", "reject"])],
    "voided": [(1, ["submit", "accept", "approve", "void"])],
    "withdrawn": [(6, ["submit", "withdraw"]), (4, ["submit", "accept", "withdraw"])],
}
TO_STATUS = {
    "submit": "submitted",
    "accept": "accepted",
    "request_correction": "correction_required",
    "not_accept": "not_accepted",
    "approve": "approved",
    "reject": "rejected",
    "void": "voided",
    "withdraw": "withdrawn",
}
APPLICANT_ACTIONS = {"submit", "withdraw"}
DECISIONS = {"not_accept", "approve", "reject"}
# Mean hours before each action (exponential), from the previous event.
MEAN_GAP_HOURS = {
    "submit": 30,
    "accept": 50,
    "request_correction": 60,
    "not_accept": 60,
    "approve": 120,
    "reject": 120,
    "void": 24 * 30,
    "withdraw": 48,
}
REASONS = {
    "request_correction": [
        "购货合同未盖章，请补正。",
        "注册证已过期，请提供有效的注册证。",
        "用量测算依据不充分，请补充说明。",
        "营业执照副本不清晰，请重新上传。",
    ],
    "not_accept": ["申请事项不属于本部门职权范围。", "申请材料明显不符合要求，且未按期补正。"],
    "reject": ["申请进口数量与用量测算依据不符。", "药品批准证明文件与申请品种不一致。"],
    "void": ["申请单位申请注销该准许证。", "准许证信息有误，申请作废后重新办理。"],
    "withdraw": ["", "信息填写有误，撤回修改。", "合同变更，撤回。"],
}

COUNTERPARTIES = [
    ("Novo Nordisk A/S", "Novo Alle 1, 2880 Bagsvaerd", "DNK"),
    ("Eli Lilly Export S.A.", "16 Chemin des Coquelicots, 1214 Vernier, Geneva", "CHE"),
    ("Sanofi Winthrop Industrie", "82 Avenue Raspail, 94250 Gentilly", "FRA"),
    ("Merck Healthcare KGaA", "Frankfurter Strasse 250, 64293 Darmstadt", "DEU"),
    ("Pfizer Export B.V.", "Rivium Westlaan 142, 2909 LD Capelle aan den IJssel", "NLD"),
    ("Bayer Pharma AG", "Muellerstrasse 178, 13353 Berlin", "DEU"),
    ("Ferring International Center S.A.", "Chemin de la Vergognausaz 50, 1162 St-Prex", "CHE"),
    ("Ipsen Pharma", "65 Quai Georges Gorse, 92100 Boulogne-Billancourt", "FRA"),
    ("Organon Export B.V.", "Kloosterstraat 6, 5349 AB Oss", "NLD"),
    ("Takeda Pharmaceutical Company Limited", "1-1 Doshomachi 4-chome, Chuo-ku, Osaka", "JPN"),
    ("LG Chem Ltd.", "128 Yeoui-daero, Yeongdeungpo-gu, Seoul", "KOR"),
    ("Sandoz GmbH", "Biochemiestrasse 10, 6250 Kundl", "AUT"),
    ("Medica Import Ltd.", "2 King Street, London", "GBR"),
    ("Pharma Distribution Pte. Ltd.", "10 Science Park Road, Singapore", "SGP"),
    ("Andes Farma S.A.", "Avenida Providencia 1208, Santiago", "CHL"),
    ("Biocon Biologics Limited", "Electronic City Phase II, Bengaluru", "IND"),
]
MANUFACTURERS = [
    ("Novo Nordisk A/S", "DNK"),
    ("Eli Lilly and Company", "USA"),
    ("Sanofi-Aventis Deutschland GmbH", "DEU"),
    ("Merck Serono S.p.A.", "ITA"),
    ("Pfizer Manufacturing Belgium NV", "BEL"),
    ("Bayer AG", "DEU"),
    ("Organon (Ireland) Ltd.", "IRL"),
    ("Ferring GmbH", "DEU"),
    ("Ipsen Pharma Biotech", "FRA"),
    ("Chugai Pharma Manufacturing", "JPN"),
    ("LG Chem Ltd.", "KOR"),
    ("Sandoz GmbH", "AUT"),
    ("Sun Pharmaceutical Industries Ltd.", "IND"),
    ("长春金赛药业有限责任公司", "CHN"),
    ("通化东宝药业股份有限公司", "CHN"),
    ("浙江仙琚制药股份有限公司", "CHN"),
    ("湖北葛店人福药业有限责任公司", "CHN"),
]
ATTACHMENT_NAMES = {
    "application_form": "申请表（盖章）.pdf",
    "purchase_contract": "购货合同.pdf",
    "registration_certificate": "进口药品注册证.pdf",
    "business_licence": "营业执照.pdf",
    "drug_licence": "药品经营许可证.pdf",
    "sales_contract": "外销合同.pdf",
    "manufacturer_documents": "生产企业许可证及批准证明文件.pdf",
    "import_permit": "Import Permit.pdf",
    "agency_agreement": "委托代理协议.pdf",
}


FORMS_BY_CATEGORY = {
    "anabolic_agent": [
        "原料药",
        "注射液",
        "片剂",
        "胶囊剂",
        "软胶囊",
        "凝胶剂",
        "乳膏剂",
        "贴剂",
        "植入剂",
    ],
    "peptide_hormone": ["原料药", "注射液", "注射用无菌粉末", "冻干粉针剂", "缓释微球"],
}
SPECS = {
    "原料药": [("25kg/桶", "千克"), ("1kg/袋", "千克"), ("100g/瓶", "克"), ("500g/袋", "克")],
    "注射液": [
        ("10ml:400IU", "支"),
        ("3ml:300IU/支", "支"),
        ("1ml:250mg", "支"),
        ("2ml:100mg", "支"),
        ("5支/盒", "盒"),
    ],
    "注射用无菌粉末": [("4IU/瓶", "瓶"), ("10mg/瓶", "瓶"), ("1000IU/瓶", "瓶")],
    "冻干粉针剂": [("5000IU/瓶", "瓶"), ("16IU/支", "支"), ("10瓶/盒", "盒")],
    "片剂": [("5mg*100片", "盒"), ("2.5mg*30片", "盒"), ("10mg", "片")],
    "胶囊剂": [("40mg*30粒", "盒"), ("100mg", "粒")],
    "软胶囊": [("40mg*60粒", "盒")],
    "凝胶剂": [("50mg/5g", "支"), ("1%:60g", "瓶")],
    "乳膏剂": [("10g:0.1g", "支")],
    "贴剂": [("5mg/贴*30贴", "盒")],
    "植入剂": [("3.6mg/支", "支")],
    "缓释微球": [("3.75mg/瓶", "瓶"), ("11.25mg/支", "支")],
}
