"""What the reader says of the unit of a text, in both languages: where a name stands
(``Role``, by its value) and the phrases of ``Inference.describe``; the names of units and
the words quoted from the text stay as written."""

ROLE_LABELS = {
    "letterhead": ("ở đầu văn bản", "in the letterhead"),
    "title": ("ở tên văn bản", "in the title"),
    "issuer": ("cơ quan soạn văn bản", "as the drafting body"),
    "subject": ("chủ thể báo cáo", "as the reporting body"),
    "scope": ("phạm vi số liệu", "as the scope of the figures"),
    "body": ("trong nội dung", "in the text"),
    "addressee": ("nơi nhận", "as the addressee"),
    "passing": ("nhắc đến khi so sánh", "named in a comparison"),
}
SAID = {
    "vi": {
        "none": "không nhận ra tên đơn vị nào trong văn bản",
        "ambiguous": "không xác định được: {} được nêu ngang nhau",
        "and": " và ",
        "unsure": "chưa chắc chắn; ",
        "from": "suy ra từ",
        "times": "lần",
    },
    "en": {
        "none": "no unit's name recognised in the text",
        "ambiguous": "cannot tell: {} are named about equally",
        "and": " and ",
        "unsure": "not certain; ",
        "from": "inferred from",
        "times": "times",
    },
}
NOT_COMPARED = {
    "vi": "không so với số liệu đã lưu, chỉ kiểm tra số liệu trong văn bản",
    "en": "not compared with stored data, only the text's own figures are checked",
}
