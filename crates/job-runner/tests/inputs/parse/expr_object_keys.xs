{ name: 1, "quoted key": 2, if: 3, true: 4, user.id: "asc", 5: "five", 'single': 6 }
