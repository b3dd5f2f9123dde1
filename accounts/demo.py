"""Demo enterprises and users for `seed_demo` (synthetic USCCs with valid check characters)."""

from datetime import date

ENTERPRISES = [
    {
        "key": "A",
        "uscc": "91110108DP0000001D",
        "name": "北京华康医药进出口有限公司",
        "address": "北京市海淀区中关村南大街 18 号",
        "name_en": "Beijing Huakang Pharmaceutical Import & Export Co., Ltd.",
        "address_en": "18 Zhongguancun South Street, Haidian District, Beijing, China",
        "trade_record_no": "01928374",
        "trade_record_date": date(2016, 3, 15),
    },
    {
        "key": "B",
        "uscc": "91310115DP00000022",
        "name": "上海浦润生物医药有限公司",
        "address": "上海市浦东新区张江路 88 号",
        "name_en": "Shanghai Purun Biopharmaceutical Co., Ltd.",
        "address_en": "88 Zhangjiang Road, Pudong New Area, Shanghai, China",
        "trade_record_no": "02837465",
        "trade_record_date": date(2018, 9, 1),
    },
    {
        "key": "C",
        "uscc": "91440300DP0000003T",
        "name": "深圳南辰药业有限公司",
        "address": "深圳市南山区科技园科苑路 6 号",
        "name_en": "Shenzhen Nanchen Pharmaceutical Co., Ltd.",
        "address_en": "6 Keyuan Road, Science Park, Nanshan District, Shenzhen, China",
        "trade_record_no": "",
        "trade_record_date": None,
    },
]

# (username, role, enterprise key or None, department code or None, display name)
USERS = [
    ("ent_a_admin", "enterprise_admin", "A", None, "王敏"),
    ("ent_a_operator", "operator", "A", None, "李强"),
    ("ent_b_admin", "enterprise_admin", "B", None, "陈静"),
    ("ent_c_admin", "enterprise_admin", "C", None, "赵磊"),
    ("approver_bj", "approver", None, "110000", "刘洋"),
    ("approver_sh", "approver", None, "310000", "周婷"),
    ("customs_officer", "customs", None, None, "孙浩"),
    ("sys_admin", "sysadmin", None, None, "系统管理员"),
]
