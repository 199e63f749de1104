{ $key: 1, ($prefix ~ "_id"): 2, "$type": 3, $item.id: 4, plain: 5 }
