# IKEv2 crypto suite: key derivation cross-checked against strongSwan's key log.
ravelin_add_integration_test(interop.ike_crypto_strongswan_keys ike_crypto/strongswan_keys.sh)
