//! Many texts at once, on several threads with the `parallel` feature.

use crate::gazetteer::Gazetteer;
use crate::matches::EntityMatch;

impl Gazetteer {
    /// Finds the entity mentions in each of `texts`: the result has one
    /// entry per text, in input order, equal to
    /// [`match_entities`](Gazetteer::match_entities) on that text.
    ///
    /// With the `parallel` feature the texts are spread over the threads of
    /// the current [`rayon`](https://docs.rs/rayon) thread pool: the global
    /// one (one thread per core by default), or the pool whose
    /// `install` the call is made in, which is how to choose the number of
    /// threads. Without the feature they are searched one after the other
    /// on the calling thread. The results are the same either way.
    ///
    /// Many small texts make the best use of several threads; one huge text
    /// is searched by one thread.
    ///
    /// # Examples
    ///
    /// ```
    /// use arabic_gazetteer::Gazetteer;
    ///
    /// let docs = ["وصل لافروف إلى جنيف", "لا شيء هنا", "قصف على إدلب"];
    /// let found = Gazetteer::builtin().match_batch(&docs);
    /// let ids: Vec<Vec<&str>> = found
    ///     .iter()
    ///     .map(|ms| ms.iter().map(|m| m.entity().id()).collect())
    ///     .collect();
    /// assert_eq!(ids, [vec!["sergey-lavrov", "geneva"], vec![], vec!["idlib"]]);
    ///
    /// // with the `parallel` feature: exactly two threads
    /// # #[cfg(feature = "parallel")] {
    /// let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    /// let again = pool.install(|| Gazetteer::builtin().match_batch(&docs));
    /// assert_eq!(again, found);
    /// # }
    /// ```
    pub fn match_batch<T>(&self, texts: &[T]) -> Vec<Vec<EntityMatch<'_>>>
    where
        T: AsRef<str> + Sync,
    {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            texts
                .par_iter()
                .map(|t| self.match_entities(t.as_ref()))
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            texts
                .iter()
                .map(|t| self.match_entities(t.as_ref()))
                .collect()
        }
    }
}
