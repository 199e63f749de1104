//! XanoScript syntax: lexer, parser and the syntax tree.

pub mod ast;
