//! [`Registry`]: connectors found by format name — the sources `read_stream().format(..)`
//! finds and the sinks `write_stream().format(..)` finds. Built-in connectors are registered
//! the same way a user's are.

use std::sync::{Arc, RwLock};

/// Providers of one kind, by lowercase format name, in the order they were registered.
pub(crate) struct Registry<P: ?Sized> {
    providers: RwLock<Vec<(String, Arc<P>)>>,
}

impl<P: ?Sized> Default for Registry<P> {
    fn default() -> Self {
        Registry {
            providers: RwLock::new(Vec::new()),
        }
    }
}

impl<P: ?Sized> std::fmt::Debug for Registry<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

impl<P: ?Sized> Registry<P> {
    /// Registers `provider` under `format`, replacing any provider of that name.
    pub(crate) fn register(&self, format: &str, provider: Arc<P>) {
        let format = format.to_ascii_lowercase();
        let mut providers = self
            .providers
            .write()
            .expect("invariant violated: registry lock poisoned");
        match providers.iter_mut().find(|(name, _)| *name == format) {
            Some(entry) => entry.1 = provider,
            None => providers.push((format, provider)),
        }
    }

    /// The provider of `format` (any case).
    pub(crate) fn get(&self, format: &str) -> Option<Arc<P>> {
        self.providers
            .read()
            .expect("invariant violated: registry lock poisoned")
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(format))
            .map(|(_, provider)| provider.clone())
    }

    /// Every registered format, in the order they were registered.
    pub(crate) fn names(&self) -> Vec<String> {
        self.providers
            .read()
            .expect("invariant violated: registry lock poisoned")
            .iter()
            .map(|(name, _)| name.clone())
            .collect()
    }
}
