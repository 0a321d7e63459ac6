use super::*;

fn fast() -> KdfParams {
    KdfParams::insecure_fast_for_tests()
}

#[test]
fn a_value_opens_only_under_its_own_context_and_key() {
    let keys = Keys::generate().expect("keys");
    let sealed = keys.seal("subjects/1", b"marker text").expect("seal");
    assert_eq!(
        keys.open("subjects/1", &sealed).expect("open").as_slice(),
        b"marker text"
    );
    assert_eq!(keys.open("subjects/2", &sealed), Err(CryptoError::Open));
    let other = Keys::generate().expect("keys");
    assert_eq!(other.open("subjects/1", &sealed), Err(CryptoError::Open));
    let mut flipped = sealed.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_eq!(keys.open("subjects/1", &flipped), Err(CryptoError::Open));
    assert!(!sealed.windows(6).any(|w| w == b"marker"));
}

#[test]
fn the_same_value_seals_differently_each_time() {
    let keys = Keys::generate().expect("keys");
    let a = keys.seal("c", b"same").expect("seal");
    let b = keys.seal("c", b"same").expect("seal");
    assert_ne!(a, b);
}

#[test]
fn a_wrap_opens_with_the_right_passphrase_only() {
    let keys = Keys::generate().expect("keys");
    let pass = Passphrase::new("correct horse");
    let wrap = keys.wrap("ana", &pass, &fast(), true, None).expect("wrap");
    assert_eq!(wrap_params(&wrap), Some(fast()));
    let back = Keys::unwrap(&wrap, "ana", &pass).expect("unwrap");
    assert!(back.same_key(&keys));
    assert!(back.has_restricted());
    assert!(matches!(
        Keys::unwrap(&wrap, "ana", &Passphrase::new("wrong horse")),
        Err(CryptoError::Unwrap)
    ));
    // A wrap moved to another user's row does not open either.
    assert!(matches!(
        Keys::unwrap(&wrap, "bob", &pass),
        Err(CryptoError::Unwrap)
    ));
    assert!(matches!(
        Keys::unwrap(&wrap[..10], "ana", &pass),
        Err(CryptoError::Malformed(_))
    ));
}

#[test]
fn a_wrap_without_the_restricted_key_opens_nothing_restricted() {
    let keys = Keys::generate().expect("keys");
    let sealed = keys.seal_restricted("subjects/1/restricted", b"the victim's address");
    let sealed = sealed.expect("seal");
    assert!(!sealed.windows(6).any(|w| w == b"victim"));
    let pass = Passphrase::new("correct horse");
    let viewer = keys.wrap("vic", &pass, &fast(), false, None).expect("wrap");
    let back = Keys::unwrap(&viewer, "vic", &pass).expect("unwrap");
    assert!(back.same_key(&keys) && !back.has_restricted());
    assert_eq!(
        back.open_restricted("subjects/1/restricted", &sealed),
        Err(CryptoError::NoRestrictedKey)
    );
    // Not under the general key either, even at the same place.
    assert!(back.open("subjects/1/restricted", &sealed).is_err());
    let full = keys.wrap("rita", &pass, &fast(), true, None).expect("wrap");
    let back = Keys::unwrap(&full, "rita", &pass).expect("unwrap");
    assert_eq!(
        back.open_restricted("subjects/1/restricted", &sealed)
            .expect("open")
            .as_slice(),
        b"the victim's address"
    );
    // A restricted value moved to another row does not open.
    assert!(
        back.open_restricted("subjects/2/restricted", &sealed)
            .is_err()
    );
    // Editing the flag byte of a viewer's wrap breaks the wrap, not the key.
    let mut forged = viewer.clone();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    assert!(Keys::unwrap(&forged, "vic", &pass).is_err());
}

#[test]
fn truncated_or_unknown_sealed_values_are_malformed_not_panics() {
    let keys = Keys::generate().expect("keys");
    for bad in [&[][..], &[1][..], &[2; 60][..], &[1; 20][..]] {
        assert!(keys.open("x", bad).is_err());
    }
}

#[test]
fn the_audit_mac_depends_on_every_part_and_its_boundaries() {
    let keys = Keys::generate().expect("keys");
    let a = keys.audit_mac(&[b"ab", b"c"]);
    assert_ne!(a, keys.audit_mac(&[b"a", b"bc"]));
    assert_eq!(a, keys.audit_mac(&[b"ab", b"c"]));
    let other = Keys::generate().expect("keys");
    assert_ne!(a, other.audit_mac(&[b"ab", b"c"]));
}

#[test]
fn a_wrap_asking_for_4_gib_and_64_passes_is_refused_before_any_work() {
    let pass = Passphrase::new("correct horse battery");
    let mut wrap = Keys::generate()
        .expect("keys")
        .wrap("ana", &pass, &fast(), true, None)
        .expect("wrap");
    wrap[4..8].copy_from_slice(&(4u32 * 1024 * 1024).to_le_bytes());
    wrap[8..12].copy_from_slice(&64u32.to_le_bytes());
    let started = std::time::Instant::now();
    let err = Keys::unwrap(&wrap, "ana", &pass).expect_err("refused");
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert!(matches!(err, CryptoError::KdfBounds(_)), "{err}");
    assert!(err.to_string().contains("4096 MiB, 64 passes"), "{err}");
    for (m, t, p) in [
        (2 * 1024 * 1024, 1, 1),
        (64, 11, 1),
        (64, 1, 9),
        (1024 * 1024, 3, 1),
    ] {
        let params = KdfParams {
            memory_kib: m,
            iterations: t,
            parallelism: p,
        };
        assert!(params.check_bounds().is_err(), "{params:?}");
    }
    assert!(KdfParams::default().check_bounds().is_ok());
}

#[test]
fn passphrases_do_not_show_in_debug_output() {
    let p = Passphrase::new("hunter2");
    assert!(!format!("{p:?}").contains("hunter2"));
}

#[test]
fn a_wrap_with_a_signing_identity_gives_it_back_and_still_holds_the_keys() {
    let keys = Keys::generate().expect("keys");
    let pass = Passphrase::new("correct horse battery");
    let id = Identity::generate(None, 7).expect("identity");
    for restricted in [true, false] {
        let wrap = keys
            .wrap("ana", &pass, &fast(), restricted, Some(&id))
            .expect("wrap");
        assert!(Keys::wrap_has_identity(&wrap));
        let back = Keys::unwrap(&wrap, "ana", &pass).expect("unwrap");
        assert!(back.same_key(&keys));
        assert_eq!(back.has_restricted(), restricted);
        let got = back.identity.as_ref().expect("identity kept");
        assert_eq!(got.public(), id.public());
        assert_eq!(got.signed_from(), 7);
        assert!(Keys::unwrap(&wrap, "ana", &Passphrase::new("wrong one here")).is_err());
    }
    let plain = keys.wrap("ana", &pass, &fast(), true, None).expect("wrap");
    assert!(!Keys::wrap_has_identity(&plain));
    assert!(
        Keys::unwrap(&plain, "ana", &pass)
            .expect("unwrap")
            .identity
            .is_none()
    );
}
