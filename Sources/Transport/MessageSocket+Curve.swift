import CZeroMQ

extension MessageSocket {
    /// Generates a CurveZMQ key pair.
    /// - Returns: The public and secret keys, each 40 Z85 characters.
    public static func curveKeyPair() throws(TransportError) -> (publicKey: String, secretKey: String) {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        try zmqCheck("generate CURVE key pair") { zmq_curve_keypair(&publicKey, &secretKey) }
        return (Self.string(publicKey), Self.string(secretKey))
    }

    /// Makes this socket a CURVE server (it authenticates itself with `secretKey`
    /// and encrypts every connection). Call before `bind`.
    ///
    /// Without a ZAP handler libzmq admits any client that knows the server's public
    /// key: treat that key as the scenario's shared secret.
    /// - Parameter secretKey: The server's Z85 secret key.
    public func makeCurveServer(secretKey: String) throws(TransportError) {
        try setIntOption(ZMQ_CURVE_SERVER, 1, name: "CURVE server")
        try setKey(ZMQ_CURVE_SECRETKEY, secretKey, name: "CURVE secret key")
    }

    /// Makes this socket a CURVE client of the server whose public key is given. Call before `connect`.
    /// - Parameters:
    ///   - serverPublicKey: The server's Z85 public key.
    ///   - publicKey: This client's Z85 public key.
    ///   - secretKey: This client's Z85 secret key.
    public func makeCurveClient(serverPublicKey: String, publicKey: String, secretKey: String) throws(TransportError) {
        try setKey(ZMQ_CURVE_SERVERKEY, serverPublicKey, name: "CURVE server key")
        try setKey(ZMQ_CURVE_PUBLICKEY, publicKey, name: "CURVE public key")
        try setKey(ZMQ_CURVE_SECRETKEY, secretKey, name: "CURVE secret key")
    }

    private func setKey(_ option: Int32, _ z85: String, name: String) throws(TransportError) {
        guard z85.utf8.count == 40 else {
            throw TransportError(kind: .failed, operation: "set \(name)", reason: "a Z85 key has 40 characters")
        }
        try setBytesOption(option, Array(z85.utf8), name: name)
    }

    private static func string(_ chars: [CChar]) -> String {
        chars.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
