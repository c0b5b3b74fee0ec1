package pki

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
)

// AppendPEM appends to out the PEM block of type typ around der, byte for
// byte as pem.EncodeToMemory writes a block without headers. The page's
// WebAssembly has no pem.Encode: with its line breaker, base64's streaming
// encoder and its sort of the headers (slices.Sort of strings), 31 kB of
// code.
func AppendPEM(out []byte, typ string, der []byte) []byte {
	out = append(append(append(out, "-----BEGIN "...), typ...), "-----\n"...)
	for text := base64.StdEncoding.EncodeToString(der); text != ""; {
		line := text[:min(len(text), 64)]
		out = append(append(out, line...), '\n')
		text = text[len(line):]
	}
	return append(append(append(out, "-----END "...), typ...), "-----\n"...)
}

// CertPEM encodes certificates as consecutive CERTIFICATE blocks, in order.
func CertPEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = AppendPEM(out, "CERTIFICATE", c.Raw)
	}
	return out
}

// KeyPEM encodes a private key as an unencrypted PKCS#8 PRIVATE KEY block.
func KeyPEM(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return AppendPEM(nil, "PRIVATE KEY", der), nil
}

// Object identifiers of PBES2 (RFC 8018) with PBKDF2-HMAC-SHA256 and AES-256-CBC:
// the scheme `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes, which OpenSSL, Python
// and Node read.
var (
	oidPBES2      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACSHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidAES256CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

type encryptedPrivateKeyInfo struct {
	Algorithm     pkix.AlgorithmIdentifier
	EncryptedData []byte
}

type pbes2Params struct {
	KeyDerivationFunc pkix.AlgorithmIdentifier
	EncryptionScheme  pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt           []byte
	IterationCount int
	PRF            pkix.AlgorithmIdentifier
}

// pbkdf2Iterations is modest on purpose: the key protects a playground's throwaway
// key, and the browser derives it on the main thread.
const pbkdf2Iterations = 2048

// EncryptedKeyPEM encodes a private key as an ENCRYPTED PRIVATE KEY block (PKCS#8
// with PBES2), protected by password.
func EncryptedKeyPEM(key crypto.Signer, password string) ([]byte, error) {
	plain, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	salt, iv := make([]byte, 16), make([]byte, aes.BlockSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(iv); err != nil {
		return nil, err
	}
	dk, err := pbkdf2.Key(sha256.New, password, salt, pbkdf2Iterations, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(dk)
	if err != nil {
		return nil, err
	}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	for range pad {
		plain = append(plain, byte(pad))
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(plain, plain)

	kdf, err := asn1.Marshal(pbkdf2Params{salt, pbkdf2Iterations,
		pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue}})
	if err != nil {
		return nil, err
	}
	ivDER, err := asn1.Marshal(iv)
	if err != nil {
		return nil, err
	}
	params, err := asn1.Marshal(pbes2Params{
		KeyDerivationFunc: pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: kdf}},
		EncryptionScheme:  pkix.AlgorithmIdentifier{Algorithm: oidAES256CBC, Parameters: asn1.RawValue{FullBytes: ivDER}},
	})
	if err != nil {
		return nil, err
	}
	der, err := asn1.Marshal(encryptedPrivateKeyInfo{
		Algorithm:     pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: params}},
		EncryptedData: plain,
	})
	if err != nil {
		return nil, err
	}
	return AppendPEM(nil, "ENCRYPTED PRIVATE KEY", der), nil
}
