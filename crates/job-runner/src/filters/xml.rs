//! `xml_decode`, in the shape Xano's reference shows: each element is
//! `{ name: { "@attributes": ..., "value": ... } }`, where `value` is the
//! element's text, or the array of its child elements when it has any.
//! `@attributes` is `[]` when there are none (the reference's PHP empty
//! array), else an object of the attributes. Text between child elements
//! is dropped, as the reference's shape has no place for it.

use super::{Filter, FilterContext, FilterError, eager, text_input};
use crate::value::{Object, Value};

pub(super) const FILTERS: &[Filter] = &[eager("xml_decode", 0, 0, xml_decode)];

fn xml_decode(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result<Value, FilterError> {
    let text = text_input("xml_decode", value)?;
    let document = roxmltree::Document::parse(&text)
        .map_err(|error| FilterError::Invalid(format!("`xml_decode`: not valid XML ({error})")))?;
    Ok(element(document.root_element()))
}

fn element(node: roxmltree::Node<'_, '_>) -> Value {
    let attributes: Object = node
        .attributes()
        .map(|attribute| (attribute.name().to_owned(), Value::from(attribute.value())))
        .collect();
    let children: Vec<Value> = node
        .children()
        .filter(|n| n.is_element())
        .map(element)
        .collect();
    let value = if children.is_empty() {
        let text: String = node.children().filter_map(|n| n.text()).collect();
        Value::Text(text)
    } else {
        Value::array(children)
    };
    let mut body = Object::default();
    body.insert(
        "@attributes".to_owned(),
        if attributes.is_empty() {
            Value::array(Vec::new())
        } else {
            Value::object(attributes)
        },
    );
    body.insert("value".to_owned(), value);
    let mut wrapped = Object::default();
    wrapped.insert(node.tag_name().name().to_owned(), Value::object(body));
    Value::object(wrapped)
}
