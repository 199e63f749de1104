$users|sort:name:text:false|index_by:id
