//! [`Registry`]: connectors found by format name — the sources `read_stream().format(..)`
//! finds and the sinks `write_stream().format(..)` finds. Built-in connectors are registered
//! the same way a user's are.

use std::sync::{Arc, RwLock};

use crate::error::{data_source_not_found, Result};

/// A provider that names its format: what a [`Registry`] holds.
pub(crate) trait Named {
    /// The format name, as `format(..)` takes it.
    fn format(&self) -> &str;
}

/// Providers of one kind, by lowercase format name, in the order they were registered.
pub(crate) struct Registry<P: ?Sized> {
    providers: RwLock<Vec<(String, Arc<P>)>>,
}

impl<P: ?Sized> std::fmt::Debug for Registry<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

impl<P: ?Sized + Named> Registry<P> {
    /// A registry of `providers`, in this order.
    pub(crate) fn new(providers: impl IntoIterator<Item = Arc<P>>) -> Self {
        let registry = Registry {
            providers: RwLock::new(Vec::new()),
        };
        providers.into_iter().for_each(|p| registry.register(p));
        registry
    }

    /// Registers `provider` under its format, replacing any provider of that name.
    pub(crate) fn register(&self, provider: Arc<P>) {
        let format = provider.format().to_ascii_lowercase();
        let mut providers = self
            .providers
            .write()
            .expect("invariant violated: registry lock poisoned");
        match providers.iter_mut().find(|(name, _)| *name == format) {
            Some(entry) => entry.1 = provider,
            None => providers.push((format, provider)),
        }
    }

    /// The provider of `format` (any case), or Spark's `DATA_SOURCE_NOT_FOUND` naming the
    /// formats there are.
    pub(crate) fn find(&self, format: &str) -> Result<Arc<P>> {
        let providers = self
            .providers
            .read()
            .expect("invariant violated: registry lock poisoned");
        match providers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(format))
        {
            Some((_, provider)) => Ok(provider.clone()),
            None => {
                let names: Vec<&str> = providers.iter().map(|(name, _)| name.as_str()).collect();
                Err(data_source_not_found(format, &names))
            }
        }
    }
}

impl<P: ?Sized> Registry<P> {
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
