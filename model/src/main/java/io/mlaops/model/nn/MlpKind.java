package io.mlaops.model.nn;

/**
 * The MLP: any sample shape, flattened, through the fully connected layers ({@code hidden}, then
 * d). Its layers are {@code encoder.<m>.<i>}, drawn first from the modality's generator: exactly
 * the encoder of every earlier version.
 */
final class MlpKind implements EncoderKind {
    @Override
    public String id() {
        return "mlp";
    }

    @Override
    public String summary() {
        return "fully connected layers on the flattened sample (hidden widths, then feature_dim)";
    }

    @Override
    public Encoder create(EncoderParts p) {
        return new MlpEncoder(
                p.manager(),
                p.modality(),
                p.inputDim(),
                p.hidden(),
                p.featureDim(),
                p.dropout(),
                p.rnd(),
                p.restored());
    }
}
