"""The 栏目 a 公报 starts with (as city and county 公报 arrange their 目录). Seeded by migration
0002; the demo seeds them again when a test run has flushed the table. An operator renames,
reorders, adds or switches them off in the admin (`Section`)."""

DEFAULT_SECTIONS: list[tuple[str, int]] = [
    ("市政府文件", 10),
    ("市政府办公室文件", 20),
    ("部门文件", 30),
    ("规章", 40),
    ("人事任免", 50),
    ("其他", 90),
]
