//! Keeping only some matches: by kind and by tag.

use crate::entity::{Entity, EntityKind};
use crate::gazetteer::Gazetteer;
use crate::matches::EntityMatch;

/// Which entities to keep: some kinds, some tags, or both.
///
/// An empty filter keeps everything. With kinds, an entity is kept when
/// its kind is one of them; with tags, when it carries at least one of
/// them; with both, when both hold.
///
/// A match is judged by its entity, the best of its
/// [`candidates`](EntityMatch::candidates): filtering happens after the
/// overlapping mentions have been resolved, so a filter never makes a
/// shorter name appear where a longer one was found.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::{EntityFilter, EntityKind, Gazetteer};
///
/// let g = Gazetteer::builtin();
/// let text = "اجتمع بوتين وأردوغان وروحاني في سوتشي لبحث الوضع في إدلب";
///
/// let people = EntityFilter::new().kind(EntityKind::Person);
/// let ids: Vec<&str> = g
///     .match_filtered(text, &people)
///     .iter()
///     .map(|m| m.entity().id())
///     .collect();
/// assert_eq!(ids, ["vladimir-putin", "recep-tayyip-erdogan", "hassan-rouhani"]);
///
/// let places = EntityFilter::new().kind(EntityKind::Location);
/// let ids: Vec<&str> = g
///     .match_filtered(text, &places)
///     .iter()
///     .map(|m| m.entity().id())
///     .collect();
/// assert_eq!(ids, ["sochi", "idlib"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityFilter {
    kinds: Vec<EntityKind>,
    tags: Vec<String>,
}

impl EntityFilter {
    /// A filter that keeps everything.
    pub fn new() -> EntityFilter {
        EntityFilter::default()
    }

    /// Also keeps entities of this kind (and, with several calls, of the
    /// others given).
    pub fn kind(mut self, kind: EntityKind) -> EntityFilter {
        if !self.kinds.contains(&kind) {
            self.kinds.push(kind);
        }
        self
    }

    /// Also keeps entities of these kinds.
    pub fn kinds<I>(self, kinds: I) -> EntityFilter
    where
        I: IntoIterator<Item = EntityKind>,
    {
        kinds.into_iter().fold(self, EntityFilter::kind)
    }

    /// Also keeps entities that carry this tag.
    ///
    /// ```
    /// use arabic_gazetteer::{EntityFilter, Gazetteer};
    ///
    /// let guarantors = EntityFilter::new().tag("astana-guarantor");
    /// let text = "ضمت محادثات أستانا روسيا وتركيا وإيران بحضور سوريا والأردن";
    /// let ids: Vec<&str> = Gazetteer::builtin()
    ///     .match_filtered(text, &guarantors)
    ///     .iter()
    ///     .map(|m| m.entity().id())
    ///     .collect();
    /// assert_eq!(ids, ["russia", "turkey", "iran"]);
    /// ```
    pub fn tag(mut self, tag: impl Into<String>) -> EntityFilter {
        let tag = tag.into();
        if !self.tags.contains(&tag) {
            self.tags.push(tag);
        }
        self
    }

    /// Also keeps entities that carry one of these tags.
    pub fn tags<I, S>(self, tags: I) -> EntityFilter
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        tags.into_iter().fold(self, EntityFilter::tag)
    }

    /// Whether the filter keeps everything (no kind and no tag given).
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.tags.is_empty()
    }

    /// Whether the filter keeps this entity.
    ///
    /// ```
    /// use arabic_gazetteer::{Entity, EntityFilter, EntityKind};
    ///
    /// let f = EntityFilter::new().kind(EntityKind::Location).tag("capital");
    /// let damascus = Entity::new("damascus", EntityKind::Location, "دمشق")
    ///     .with_tag("capital");
    /// let aleppo = Entity::new("aleppo", EntityKind::Location, "حلب");
    /// assert!(f.accepts_entity(&damascus));
    /// assert!(!f.accepts_entity(&aleppo));
    /// ```
    pub fn accepts_entity(&self, entity: &Entity) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&entity.kind()))
            && (self.tags.is_empty()
                || self.tags.iter().any(|t| entity.has_tag(t)))
    }

    /// Whether the filter keeps this match (judged by its best candidate).
    pub fn accepts(&self, m: &EntityMatch<'_>) -> bool {
        self.accepts_entity(m.entity())
    }

    /// Removes the matches the filter does not keep, in place.
    ///
    /// ```
    /// use arabic_gazetteer::{match_entities, EntityFilter, EntityKind};
    ///
    /// let mut found = match_entities("زار لافروف دمشق");
    /// EntityFilter::new().kind(EntityKind::Location).retain(&mut found);
    /// assert_eq!(found.len(), 1);
    /// assert_eq!(found[0].entity().id(), "damascus");
    /// ```
    pub fn retain(&self, matches: &mut Vec<EntityMatch<'_>>) {
        if !self.is_empty() {
            matches.retain(|m| self.accepts(m));
        }
    }
}

impl Gazetteer {
    /// Finds the entity mentions in `text` that `filter` keeps: this is
    /// [`match_entities`](Gazetteer::match_entities) followed by
    /// [`EntityFilter::retain`]. See [`EntityFilter`] for an example.
    pub fn match_filtered(
        &self,
        text: &str,
        filter: &EntityFilter,
    ) -> Vec<EntityMatch<'_>> {
        let mut found = self.match_entities(text);
        filter.retain(&mut found);
        found
    }
}
