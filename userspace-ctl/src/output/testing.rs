//! A writer tests can read back.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// Bytes written, shared with the test.
#[derive(Clone, Default)]
pub struct Shared(Rc<RefCell<Vec<u8>>>);

impl Shared {
    /// What was written, as text.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.borrow().clone()).unwrap_or_default()
    }
}

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
