package wire

// extensions decodes an extension list found in a message of type where.
func (d *decoder) extensions(r *reader, where HandshakeType) {
	if r.ok() && r.left() == 0 && (where == TypeClientHello || where == TypeServerHello) {
		return // extensions are optional in TLS 1.2 hellos
	}
	r.list("extensions", 2, func(r *reader) {
		if !r.need("extension", 4) {
			return
		}
		typ := uint16(r.peek(0, 2))
		name := extensionNames.name(int(typ))
		if name == "unknown" {
			name = "unknown extension"
		}
		r.framed(name, 4, 2, func(r *reader) {
			r.num("extension type", 2, extensionNames.hex)
			r.vecLen("extension", 2)
			d.extension(r, typ, where)
		})
	})
}

// extension decodes the body of an extension; r holds exactly the body.
// Bodies that are empty by definition decode to no fields.
func (d *decoder) extension(r *reader, typ uint16, where HandshakeType) {
	m := d.m
	switch typ {
	case extServerName:
		if r.left() > 0 { // a server's acknowledgement is empty
			r.list("server name list", 2, func(r *reader) {
				r.num("name type", 1, serverNameTypes.dec)
				if name := r.text("host name", 2); r.ok() {
					m.SNI = name
				}
			})
		}
	case extSupportedVersions:
		if where == TypeClientHello {
			r.list("supported versions", 1, func(r *reader) { collect(r, &m.Versions, r.num("version", 2, versions.hex)) })
		} else if v := r.num("selected version", 2, versions.hex); r.ok() {
			m.Version = Version(v)
		}
	case extSupportedGroups:
		r.list("named group list", 2, func(r *reader) { collect(r, &m.Groups, r.num("named group", 2, groups.hex)) })
	case extKeyShare:
		switch where {
		case TypeClientHello:
			r.list("client shares", 2, func(r *reader) { d.keyShare(r, true) })
		case helloRetryContext:
			collect(r, &m.KeyShareGroups, r.num("selected group", 2, groups.hex))
		default:
			d.keyShare(r, false)
		}
	case extSignatureAlgorithms, extSignatureAlgsCert:
		r.list("supported signature algorithms", 2, signatureScheme)
	case extALPN:
		r.list("protocol name list", 2, func(r *reader) {
			if p := r.text("protocol name", 1); r.ok() {
				m.ALPN = append(m.ALPN, p)
			}
		})
	case extPSKModes:
		r.list("psk key exchange modes", 1, func(r *reader) { r.num("mode", 1, pskModes.dec) })
	case extECPointFormats:
		r.list("ec point formats", 1, func(r *reader) { r.num("ec point format", 1, ecPointFormats.dec) })
	case extRenegotiationInfo:
		r.opaque("renegotiated connection", 1)
	case extSessionTicket:
		r.fixed("session ticket", r.left())
	case extPadding:
		r.fixed("padding", r.left())
	case extStatusRequest:
		switch {
		case where == TypeCertificate: // a TLS 1.3 CertificateStatus
			r.num("status type", 1, certStatusTypes.dec)
			r.opaque("OCSP response", 3)
		case r.left() > 0: // a request; a TLS 1.2 server's acknowledgement is empty
			r.num("status type", 1, certStatusTypes.dec)
			r.list("responder id list", 2, func(r *reader) { r.opaque("responder id", 2) })
			r.opaque("request extensions", 2)
		}
	case extSCT:
		if r.left() > 0 { // a client's request is empty
			r.list("signed certificate timestamp list", 2, func(r *reader) { r.opaque("serialized SCT", 2) })
		}
	case extPreSharedKey:
		if where == TypeClientHello {
			r.list("identities", 2, func(r *reader) {
				r.opaque("identity", 2)
				r.num("obfuscated ticket age", 4, decimal)
			})
			r.list("binders", 2, func(r *reader) { r.opaque("binder", 1) })
		} else {
			r.num("selected identity", 2, decimal)
		}
	case extEarlyData:
		if where == TypeNewSessionTicket {
			r.num("max early data size", 4, ByteCount)
		}
	case extCookie:
		r.opaque("cookie", 2)
	case extCertAuthorities:
		r.list("authorities", 2, d.distinguishedName)
	case extCompressCertificate:
		r.list("algorithms", 1, func(r *reader) { r.num("algorithm", 2, certCompressions.dec) })
	case extRecordSizeLimit:
		r.num("record size limit", 2, ByteCount)
	default:
		r.fixed("extension data", r.left())
	}
}

// keyShare decodes a KeyShareEntry, splitting hybrid shares into their parts.
func (d *decoder) keyShare(r *reader, client bool) {
	r.framed("key share entry", 4, 2, func(r *reader) {
		group := r.num("group", 2, groups.hex)
		collect(r, &d.m.KeyShareGroups, group)
		n := r.vecLen("key exchange", 2)
		parts := hybridShares[uint16(group)].server
		if client {
			parts = hybridShares[uint16(group)].client
		}
		total := 0
		for _, p := range parts {
			total += p.size
		}
		if total != n {
			r.fixed("key exchange", n)
			return
		}
		r.group("key exchange", n, func(r *reader) {
			for _, p := range parts {
				r.fixed(p.name, p.size)
			}
		})
	})
}

// collect appends v to dst if it was read without error.
func collect[T ~uint16](r *reader, dst *[]T, v int) {
	if r.ok() {
		*dst = append(*dst, T(v))
	}
}
